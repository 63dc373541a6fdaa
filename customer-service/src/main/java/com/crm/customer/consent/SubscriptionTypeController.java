package com.crm.customer.consent;

import com.crm.support.security.CrmScopes;
import com.crm.support.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/subscription-types")
@Tag(
        name = "Subscription types",
        description = "Kinds of message (newsletters, product news, service notices) customers opt out of one by one")
@ApiResponse(
        responseCode = "400",
        description = "A field of the definition is invalid",
        content = @Content(mediaType = "application/problem+json"))
class SubscriptionTypeController {

    private final SubscriptionTypeService service;

    SubscriptionTypeController(SubscriptionTypeService service) {
        this.service = service;
    }

    record TypeList(List<SubscriptionType> items) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(
            summary = "Define a subscription type",
            description = "Needs crm.config or crm.admin (and crm.write); audited. The purpose (MARKETING or SERVICE)"
                    + " and channel (ALL by default) cannot change afterwards.")
    @ApiResponse(responseCode = "201", description = "Defined; Location and ETag")
    @ApiResponse(
            responseCode = "409",
            description = "The key is taken",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<SubscriptionType> define(@RequestBody SubscriptionTypeInput input) {
        SubscriptionType t = service.define(input);
        return ResponseEntity.created(URI.create("/api/subscription-types/" + t.key()))
                .eTag(ETags.of(t.version()))
                .body(t);
    }

    @GetMapping
    @Operation(summary = "Subscription types", description = "Needs crm.read. By key; at most 200.")
    @ApiResponse(responseCode = "200", description = "The types")
    TypeList list(
            @Parameter(description = "true: the archived ones instead of the active ones")
                    @RequestParam(defaultValue = "false")
                    boolean archived) {
        return new TypeList(service.list(archived));
    }

    @GetMapping("/{key}")
    @Operation(summary = "One subscription type", description = "Needs crm.read. The ETag is its version.")
    @ApiResponse(responseCode = "200", description = "The type")
    @ApiResponse(
            responseCode = "404",
            description = "No such type",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<SubscriptionType> get(@PathVariable String key) {
        SubscriptionType t = service.get(key);
        return ResponseEntity.ok().eTag(ETags.of(t.version())).body(t);
    }

    @PutMapping(path = "/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(
            summary = "Change a subscription type",
            description = "Needs crm.config or crm.admin; If-Match optional. Name, description and archived (false"
                    + " brings it back); purpose and channel cannot change. Audited.")
    @ApiResponse(responseCode = "200", description = "The type after the change")
    @ApiResponse(
            responseCode = "404",
            description = "No such type",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "412",
            description = "If-Match is not the current version",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<SubscriptionType> replace(
            @PathVariable String key,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody SubscriptionTypeInput input) {
        SubscriptionType t = service.replace(key, ifMatch, input);
        return ResponseEntity.ok().eTag(ETags.of(t.version())).body(t);
    }

    @DeleteMapping("/{key}")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(
            summary = "Archive a subscription type",
            description = "Needs crm.config or crm.admin. Choices stay (an opt-out stays an opt-out); no new"
                    + " subscriptions. Audited.")
    @ApiResponse(responseCode = "204", description = "Archived (again: 204 too)")
    @ApiResponse(
            responseCode = "404",
            description = "No such type",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Void> archive(
            @PathVariable String key, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        service.archive(key, ifMatch);
        return ResponseEntity.noContent().build();
    }
}
