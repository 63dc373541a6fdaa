package com.crm.customer.profile;

import com.crm.support.json.JsonMergePatch;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.PageLimit;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/customers")
@Tag(name = "Customers", description = "Customer profiles: identity, contact points, addresses, tags, consents")
class CustomerController {

    private final CustomerService service;

    CustomerController(CustomerService service) {
        this.service = service;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register a customer", description = "Needs crm.write. Answers 201 with Location and ETag.")
    @ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<CustomerView> register(
            @RequestBody @Schema(implementation = CustomerInput.class) JsonNode customer) {
        CustomerView created = service.register(customer);
        return ResponseEntity.created(URI.create("/api/customers/" + created.id()))
                .eTag(ETags.of(created.version()))
                .body(created);
    }

    @GetMapping("/{id}")
    @Operation(
            summary = "Get a customer",
            description = "Needs crm.read. The ETag is the version to send in If-Match. "
                    + "The id of a customer merged into another answers with the survivor (Content-Location names it).")
    @ApiResponse(responseCode = "200", description = "The customer")
    @ApiResponse(
            responseCode = "404",
            description = "No such customer, or one outside the caller's visibility",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "410",
            description = "The customer was deleted",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<CustomerView> get(@PathVariable UUID id) {
        CustomerView customer = service.get(id);
        var response = ResponseEntity.ok().eTag(ETags.of(customer.version()));
        if (!customer.id().equals(id)) {
            // a merged id answers with its survivor, and says where the survivor lives
            response.header(HttpHeaders.CONTENT_LOCATION, "/api/customers/" + customer.id());
        }
        return response.body(customer);
    }

    @PatchMapping(
            path = "/{id}",
            consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    @Operation(
            summary = "Change a customer with a JSON Merge Patch (RFC 7396)",
            description = "Needs crm.write and If-Match with the ETag last read. Fields set to null are cleared; "
                    + "lists are replaced whole. A consent changes by setting its status (and optionally source, at).")
    @ApiResponse(responseCode = "200", description = "The customer after the change")
    @ApiResponse(
            responseCode = "412",
            description = "If-Match is not the current version",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "428",
            description = "If-Match is missing",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<CustomerView> patch(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody @Schema(implementation = CustomerInput.class) JsonNode patch) {
        CustomerView updated = service.patch(id, ifMatch, patch);
        return ResponseEntity.ok().eTag(ETags.of(updated.version())).body(updated);
    }

    @DeleteMapping("/{id}")
    @Operation(
            summary = "Delete a customer (soft)",
            description = "Needs crm.write. Afterwards GET answers 410 Gone. Deleting again answers 204 too; "
                    + "If-Match is optional and checked when given.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> delete(
            @PathVariable UUID id, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        service.delete(id, ifMatch);
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    @Operation(
            summary = "List and search customers",
            description = "Needs crm.read. Oldest first by creation (a stable order); pass nextCursor back as cursor "
                    + "for the next page. All filters given must hold. People see only the customers within their "
                    + "visibility (agents their own, managers their team's); integrated systems and admins see all.")
    @ApiResponse(responseCode = "200", description = "A page of customers")
    CursorPage<CustomerView> list(
            @Parameter(description = "Display name contains (case-insensitive)") @RequestParam(required = false)
                    String name,
            @Parameter(description = "Has this email (case-insensitive)") @RequestParam(required = false) String email,
            @Parameter(description = "Has this phone, in any dialable form") @RequestParam(required = false)
                    String phone,
            @Parameter(description = "Has every one of these tags") @RequestParam(required = false) List<String> tag,
            @RequestParam(required = false) CustomerType type,
            @Parameter(description = "Account manager id") @RequestParam(required = false) String ownerId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant createdFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant createdTo,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant updatedFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant updatedTo,
            @Parameter(description = "1 to 500, default 50") @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        bounded("name", name, 200);
        bounded("email", email, 254);
        bounded("ownerId", ownerId, 64);
        if (tag != null && tag.size() > 20) {
            throw ApiException.invalid("tag", ErrorCode.TOO_MANY, "at most 20 tags");
        }
        var filter = new CustomerFilter(
                blankToNull(name),
                blankToNull(email),
                phone == null || phone.isBlank() ? null : service.phoneFilter(phone),
                tag,
                type,
                blankToNull(ownerId),
                createdFrom,
                createdTo,
                updatedFrom,
                updatedTo);
        return service.list(filter, cursor, PageLimit.resolve(limit));
    }

    private static void bounded(String parameter, String value, int max) {
        if (value != null && value.length() > max) {
            throw ApiException.invalid(parameter, ErrorCode.TOO_LONG, "at most " + max + " characters");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
