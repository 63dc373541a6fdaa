package com.crm.interaction.policy;

import com.crm.support.security.CrmScopes;
import com.crm.support.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/contact-policies")
@Tag(
        name = "Contact policies",
        description = "Limits on outbound contacts: per window, minimum gap, quiet hours, consent")
@ApiResponse(
        responseCode = "403",
        description = "The token lacks the scope (writes need crm.config or crm.admin)",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class ContactPolicyController {

    private static final String ADMIN = CrmScopes.CONFIG_OR_ADMIN;

    private final ContactPolicyService service;

    ContactPolicyController(ContactPolicyService service) {
        this.service = service;
    }

    record PolicyList(List<ContactPolicyView> items) {}

    @GetMapping
    @Operation(summary = "List the contact policies", description = "Needs crm.read. Ordered by name.")
    @ApiResponse(responseCode = "200", description = "Every policy")
    PolicyList list() {
        return new PolicyList(service.list());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a contact policy", description = "Needs crm.read. The ETag is its version.")
    @ApiResponse(responseCode = "200", description = "The policy")
    @ApiResponse(
            responseCode = "404",
            description = "No such policy",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<ContactPolicyView> get(@PathVariable UUID id) {
        ContactPolicyView p = service.get(id);
        return ResponseEntity.ok().eTag(ETags.of(p.version())).body(p);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(ADMIN)
    @Operation(
            summary = "Create a contact policy",
            description =
                    "Needs crm.config or crm.admin; recorded in the audit log. Applies to checks and recordings at once.")
    @ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<ContactPolicyView> create(@Valid @RequestBody ContactPolicyInput input) {
        ContactPolicyView p = service.create(input);
        return ResponseEntity.created(URI.create("/api/contact-policies/" + p.id()))
                .eTag(ETags.of(p.version()))
                .body(p);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(ADMIN)
    @Operation(
            summary = "Replace a contact policy",
            description = "Needs crm.config or crm.admin; recorded in the audit log. If-Match is checked when given.")
    @ApiResponse(responseCode = "200", description = "The policy after the change")
    @ApiResponse(
            responseCode = "412",
            description = "If-Match is not the current version",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<ContactPolicyView> replace(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody ContactPolicyInput input) {
        ContactPolicyView p = service.replace(id, ifMatch, input);
        return ResponseEntity.ok().eTag(ETags.of(p.version())).body(p);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(ADMIN)
    @Operation(
            summary = "Delete a contact policy",
            description = "Needs crm.config or crm.admin; recorded in the audit log. 204, also when already gone.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        service.delete(id);
        return ResponseEntity.noContent().build();
    }
}
