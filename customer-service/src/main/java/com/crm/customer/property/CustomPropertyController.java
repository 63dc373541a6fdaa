package com.crm.customer.property;

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
@RequestMapping("/api/customer-properties")
@Tag(
        name = "Custom properties",
        description = "Typed fields admins define for customers: validated on every write, searchable, in events "
                + "unless personal")
@ApiResponse(
        responseCode = "400",
        description = "A field of the definition is invalid",
        content = @Content(mediaType = "application/problem+json"))
class CustomPropertyController {

    private final CustomPropertyService service;

    CustomPropertyController(CustomPropertyService service) {
        this.service = service;
    }

    /** A list of definitions. */
    record PropertyList(List<CustomProperty> items, String nextCursor) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(
            summary = "Define a custom property",
            description = "Needs crm.config or crm.admin (and crm.write); recorded in the audit log. Customers hold "
                    + "its values under properties.<name>.")
    @ApiResponse(responseCode = "201", description = "Defined; Location and ETag")
    @ApiResponse(
            responseCode = "409",
            description = "The name is taken",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<CustomProperty> define(@RequestBody CustomPropertyInput input) {
        CustomProperty p = service.define(input);
        return ResponseEntity.created(URI.create("/api/customer-properties/" + p.name()))
                .eTag(ETags.of(p.version()))
                .body(p);
    }

    @GetMapping
    @Operation(
            summary = "Custom properties",
            description = "Needs crm.read. The active ones, by group and name; archived=true lists the archived ones.")
    @ApiResponse(responseCode = "200", description = "The definitions (all of them: at most 500)")
    PropertyList list(
            @Parameter(description = "true: the archived ones instead of the active ones")
                    @RequestParam(defaultValue = "false")
                    boolean archived) {
        return new PropertyList(service.list(archived), null);
    }

    @GetMapping("/{name}")
    @Operation(summary = "One custom property", description = "Needs crm.read. The ETag is its version.")
    @ApiResponse(responseCode = "200", description = "The definition")
    @ApiResponse(
            responseCode = "404",
            description = "No such property",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<CustomProperty> get(@PathVariable String name) {
        CustomProperty p = service.get(name);
        return ResponseEntity.ok().eTag(ETags.of(p.version())).body(p);
    }

    @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(
            summary = "Change a custom property",
            description = "Needs crm.config or crm.admin and If-Match; the whole definition (the name cannot "
                    + "change; archived: false brings an archived one back). A change existing values would break "
                    + "(type, options, pattern, min/max, required, unique) is refused with 409 naming how many "
                    + "customers are at fault. Audited.")
    @ApiResponse(responseCode = "200", description = "The definition after the change")
    @ApiResponse(
            responseCode = "409",
            description = "Existing values would break the change",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "412",
            description = "If-Match is not the current version",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "428",
            description = "If-Match is missing",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<CustomProperty> replace(
            @PathVariable String name,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody CustomPropertyInput input) {
        CustomProperty p = service.replace(name, ifMatch, input);
        return ResponseEntity.ok().eTag(ETags.of(p.version())).body(p);
    }

    @DeleteMapping("/{name}")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(
            summary = "Archive a custom property",
            description = "Needs crm.config or crm.admin. The values stay on the customers but are no longer "
                    + "written, searched or published; PUT with archived: false brings it back. If-Match optional. "
                    + "Audited.")
    @ApiResponse(responseCode = "204", description = "Archived (again: 204 too)")
    ResponseEntity<Void> archive(
            @PathVariable String name, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        service.archive(name, ifMatch);
        return ResponseEntity.noContent().build();
    }
}
