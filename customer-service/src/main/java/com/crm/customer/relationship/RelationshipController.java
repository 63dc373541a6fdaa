package com.crm.customer.relationship;

import com.crm.support.audit.AuditTrail;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.security.CrmScopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Relationships", description = "The customer's circle: who works where, households, referrals")
@ApiResponse(
        responseCode = "404",
        description = "No such customer",
        content = @Content(mediaType = "application/problem+json"))
class RelationshipController {

    private final RelationshipService service;
    private final AuditTrail audit;

    RelationshipController(RelationshipService service, AuditTrail audit) {
        this.service = service;
        this.audit = audit;
    }

    @PostMapping("/api/customers/{id}/relationships")
    @Operation(
            summary = "Link a customer to another",
            description = "Needs crm.write. Types: WORKS_AT (person → "
                    + "organisation, with role and primaryContact), HOUSEHOLD_MEMBER, REFERRED_BY (the customer was brought in "
                    + "by toCustomerId), REPORTS_TO, and those an admin defines. Self-links (422) and duplicates (409) are "
                    + "refused. Publishes crm.customer.linked.")
    @ApiResponse(responseCode = "201", description = "Linked")
    @ApiResponse(
            responseCode = "409",
            description = "The same link exists",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "422",
            description = "Self-link, unknown type or customer, or a type whose ends do not fit",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<RelationshipRepository.Link> link(
            @PathVariable UUID id, @Valid @RequestBody RelationshipInput input) {
        var link = service.link(id, input);
        return ResponseEntity.created(URI.create("/api/relationships/" + link.id()))
                .body(link);
    }

    @GetMapping("/api/customers/{id}/relationships")
    @ApiResponse(responseCode = "200", description = "The customer's links, both directions")
    @Operation(summary = "A customer's links", description = "Needs crm.read. direction: out, in or both (default).")
    List<RelationshipRepository.Link> list(
            @PathVariable UUID id,
            @Parameter(
                            schema =
                                    @Schema(
                                            type = "string",
                                            defaultValue = "both",
                                            allowableValues = {"in", "out", "both"}))
                    @RequestParam(defaultValue = "both")
                    String direction,
            @RequestParam(required = false) String type) {
        if (!List.of("in", "out", "both").contains(direction)) {
            throw ApiException.invalid("direction", ErrorCode.INVALID_VALUE, "in, out or both");
        }
        return service.list(id, direction, type);
    }

    @GetMapping("/api/relationships/{relationshipId}")
    @Operation(summary = "One link (the Location of its creation)")
    @ApiResponse(responseCode = "200", description = "The link")
    @ApiResponse(
            responseCode = "404",
            description = "No such link",
            content = @Content(mediaType = "application/problem+json"))
    RelationshipRepository.Link get(@PathVariable UUID relationshipId) {
        return service.get(relationshipId);
    }

    @DeleteMapping("/api/relationships/{relationshipId}")
    @Operation(summary = "Remove a link", description = "Needs crm.write. Publishes crm.customer.unlinked.")
    @ApiResponse(responseCode = "204", description = "Removed")
    ResponseEntity<Void> unlink(@PathVariable UUID relationshipId) {
        service.unlink(relationshipId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/customers/{id}/contacts")
    @ApiResponse(responseCode = "200", description = "The organisation's contacts")
    @Operation(
            summary = "An organisation's contacts",
            description = "Needs crm.read. The persons who WORK_AT it, " + "with role and primary-contact flag.")
    List<RelationshipRepository.Link> contacts(@PathVariable UUID id) {
        return service.contacts(id);
    }

    @GetMapping("/api/customers/{id}/circle")
    @ApiResponse(responseCode = "200", description = "The members up to the depth, each with its path")
    @Operation(
            summary = "A customer's circle",
            description = "Needs crm.read. Every customer within depth links "
                    + "(either direction; 1 to 3, default 2), each once at its shortest distance, with the path to it: "
                    + "path lists the customers from this one, via the links ('WORKS_AT>' followed forwards, '<REFERRED_BY' "
                    + "backwards). At most 1,000 members.")
    List<RelationshipRepository.CircleMember> circle(
            @PathVariable UUID id, @Parameter(description = "1 to 3") @RequestParam(defaultValue = "2") int depth) {
        if (depth < 1 || depth > 3) {
            throw ApiException.invalid("depth", ErrorCode.OUT_OF_RANGE, "must be between 1 and 3");
        }
        return service.circle(id, depth);
    }

    @GetMapping("/api/customers/{id}/referrals")
    @ApiResponse(responseCode = "200", description = "The customer's referral counts and value")
    @Operation(
            summary = "A customer's referral figures",
            description = "Needs crm.read. How many customers they "
                    + "brought in directly and through referrals of referrals, and who; and their value: the sum of those "
                    + "customers' CLV as last reported by segmentation-service (directValue, indirectValue, totalValue; "
                    + "valuedCustomers of them have a CLV yet, the others count 0).")
    RelationshipRepository.Referrals referrals(@PathVariable UUID id) {
        return service.referrals(id);
    }

    @GetMapping("/api/referrals/seeds")
    @ApiResponse(responseCode = "200", description = "Customers by referral value")
    @Operation(
            summary = "Seed customers",
            description = "Needs crm.read. The customers whose referrals (direct and "
                    + "indirect) are worth the most (orderBy=value, the default: total CLV, then count) or are the most "
                    + "(orderBy=count); segmentId restricts them to the current members of a segment.")
    List<RelationshipRepository.Referrals> seeds(
            @Parameter(
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            defaultValue = "10",
                                            minimum = "1",
                                            maximum = "100"))
                    @RequestParam(defaultValue = "10")
                    int limit,
            @Parameter(
                            description = "value (default) or count",
                            schema =
                                    @Schema(
                                            type = "string",
                                            defaultValue = "value",
                                            allowableValues = {"value", "count"}))
                    @RequestParam(defaultValue = "value")
                    String orderBy,
            @RequestParam(required = false) UUID segmentId) {
        if (limit < 1 || limit > 100) {
            throw ApiException.invalid("limit", ErrorCode.OUT_OF_RANGE, "must be between 1 and 100");
        }
        if (!List.of("value", "count").contains(orderBy)) {
            throw ApiException.invalid("orderBy", ErrorCode.INVALID_VALUE, "value or count");
        }
        return service.seeds(limit, "value".equals(orderBy), segmentId);
    }

    @GetMapping("/api/relationship-types")
    @ApiResponse(responseCode = "200", description = "Built-in and custom types")
    @Operation(summary = "Relationship types", description = "Needs crm.read.")
    List<RelationshipRepository.Type> types() {
        return service.types();
    }

    @PostMapping("/api/relationship-types")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Transactional
    @Operation(
            summary = "Define a relationship type",
            description = "Needs crm.config or crm.admin; recorded in the audit log.")
    @ApiResponse(responseCode = "201", description = "Defined")
    ResponseEntity<RelationshipRepository.Type> defineType(@Valid @RequestBody TypeInput input) {
        RelationshipRepository.Type type = service.defineType(input);
        audit.record("relationship-type.defined", "relationship-type", type.code(), Map.of());
        return ResponseEntity.status(201).body(type);
    }
}
