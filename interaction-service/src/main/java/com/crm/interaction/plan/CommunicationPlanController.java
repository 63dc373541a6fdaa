package com.crm.interaction.plan;

import com.crm.interaction.contact.Channel;
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
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Communication plans", description = "How often customers of a tier or list are contacted, and what is due")
@ApiResponse(
        responseCode = "403",
        description = "The token lacks the scope (plan writes need crm.admin)",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class CommunicationPlanController {

    private static final String ADMIN = "hasAuthority('SCOPE_crm.admin')";
    private static final String PLANS = "/api/communication-plans";

    private final CommunicationPlanService service;

    CommunicationPlanController(CommunicationPlanService service) {
        this.service = service;
    }

    record PlanList(List<CommunicationPlanView> items) {}

    @GetMapping(PLANS)
    @Operation(summary = "List the communication plans", description = "Needs crm.read. Ordered by name.")
    @ApiResponse(responseCode = "200", description = "Every plan")
    PlanList list() {
        return new PlanList(service.list());
    }

    @GetMapping(PLANS + "/{id}")
    @Operation(summary = "Get a communication plan", description = "Needs crm.read. The ETag is its version.")
    @ApiResponse(responseCode = "200", description = "The plan")
    @ApiResponse(
            responseCode = "404",
            description = "No such plan",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<CommunicationPlanView> get(@PathVariable UUID id) {
        CommunicationPlanView plan = service.get(id);
        return ResponseEntity.ok().eTag(ETags.of(plan.version())).body(plan);
    }

    @PostMapping(path = PLANS, consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(ADMIN)
    @Operation(
            summary = "Create a communication plan",
            description = "Needs crm.admin. Members: customers of tier (from crm.segmentation.v1) and/or customerIds.")
    @ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<CommunicationPlanView> create(@Valid @RequestBody CommunicationPlanInput input) {
        CommunicationPlanView plan = service.create(input);
        return ResponseEntity.created(URI.create(PLANS + "/" + plan.id()))
                .eTag(ETags.of(plan.version()))
                .body(plan);
    }

    @PutMapping(path = PLANS + "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(ADMIN)
    @Operation(
            summary = "Replace a communication plan",
            description = "Needs crm.admin. If-Match is checked when given.")
    @ApiResponse(responseCode = "200", description = "The plan after the change")
    @ApiResponse(
            responseCode = "412",
            description = "If-Match is not the current version",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<CommunicationPlanView> replace(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody CommunicationPlanInput input) {
        CommunicationPlanView plan = service.replace(id, ifMatch, input);
        return ResponseEntity.ok().eTag(ETags.of(plan.version())).body(plan);
    }

    @DeleteMapping(PLANS + "/{id}")
    @PreAuthorize(ADMIN)
    @Operation(summary = "Delete a communication plan", description = "Needs crm.admin. 204, also when already gone.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        service.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/due-contacts")
    @Operation(
            summary = "Contacts the plans make due or overdue",
            description =
                    "Needs crm.read. One item per plan, customer and channel whose next contact (last contact over "
                            + "the channel plus the plan's period; the plan's creation when never contacted) is due by before "
                            + "(default now), soonest first. agentId filters by the customer's account manager; customerId "
                            + "with a before far ahead shows a customer's next due contacts. Agents' open assignments are "
                            + "listed too (source ASSIGNMENT, agentId = the assigned agent's user id, due at their dueAt). "
                            + "Only customers within the caller's visibility.")
    @ApiResponse(responseCode = "200", description = "A page of due contacts")
    CursorPage<DueContact> due(
            @Parameter(
                            description =
                                    "Account manager (the customer's ownerId); for assignments the assigned agent's userId")
                    @RequestParam(required = false)
                    String agentId,
            @RequestParam(required = false) UUID customerId,
            @RequestParam(required = false) Channel channel,
            @Parameter(description = "Due at or before this instant; now when omitted")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                    Instant before,
            @Parameter(description = "1 to 500, default 50") @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        if (agentId != null && agentId.length() > 64) {
            throw ApiException.invalid("agentId", ErrorCode.TOO_LONG, "at most 64 characters");
        }
        return service.due(
                before, agentId, customerId, channel == null ? null : channel.name(), cursor, PageLimit.resolve(limit));
    }
}
