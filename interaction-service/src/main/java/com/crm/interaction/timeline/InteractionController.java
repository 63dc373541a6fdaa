package com.crm.interaction.timeline;

import com.crm.interaction.contact.Channel;
import com.crm.support.batch.BatchResponse;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.PageLimit;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api")
@Tag(name = "Interactions", description = "Every contact with a customer, and each customer's timeline across channels")
class InteractionController {

    private final InteractionService service;
    private final InteractionBatch batch;

    InteractionController(InteractionService service, InteractionBatch batch) {
        this.service = service;
        this.batch = batch;
    }

    record BatchRequest(
            @NotNull
            @Size(min = 1, max = InteractionBatch.MAX_ITEMS)
            @ArraySchema(
                    schema = @Schema(implementation = InteractionInput.class),
                    maxItems = InteractionBatch.MAX_ITEMS)
            List<JsonNode> items) {}

    @PostMapping(path = "/interactions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Record an interaction",
            description =
                    "Needs crm.write. 201 with Location; re-sending the same (source, externalId) answers 200 with "
                            + "the interaction recorded first and publishes nothing. An outbound contact that breaks a contact "
                            + "policy is refused with 422 (reasons[] and earliestAllowedAt) unless a crm.admin caller gives "
                            + "override.justification.")
    @ApiResponse(responseCode = "201", description = "Recorded")
    @ApiResponse(responseCode = "200", description = "Already recorded under this (source, externalId)")
    @ApiResponse(
            responseCode = "409",
            description = "This (source, externalId) is taken by an interaction about a customer outside the caller's "
                    + "visibility",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "422",
            description = "A contact policy refuses this outbound contact",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<InteractionView> record(@Valid @RequestBody InteractionInput input) {
        InteractionService.Recorded recorded = service.record(input, Caller.current());
        URI location = URI.create("/api/interactions/" + recorded.interaction().id());
        return recorded.created()
                ? ResponseEntity.created(location).body(recorded.interaction())
                : ResponseEntity.ok().location(location).body(recorded.interaction());
    }

    @PostMapping(path = "/interactions/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Record up to 1,000 interactions (e.g. imported call-centre logs)",
            description = "Needs crm.write. Always 200 when the envelope is valid: results[] in request order, one per "
                    + "item: created, existing (same source and externalId, nothing published) or rejected with its "
                    + "problem naming every field at fault (a policy refusal: status 422, one error per rule). "
                    + "summary counts per status. Each item commits on its own.")
    @ApiResponse(responseCode = "200", description = "Per-item results")
    BatchResponse<InteractionBatch.Taken> recordBatch(@Valid @RequestBody BatchRequest request) {
        return batch.record(request.items(), Caller.current());
    }

    @GetMapping("/interactions/{id}")
    @Operation(summary = "Get an interaction", description = "Needs crm.read.")
    @ApiResponse(responseCode = "200", description = "The interaction")
    @ApiResponse(
            responseCode = "404",
            description = "No such interaction (also one about a customer outside the caller's visibility)",
            content = @Content(mediaType = "application/problem+json"))
    InteractionView get(@PathVariable UUID id) {
        return service.get(id);
    }

    @GetMapping("/customers/{customerId}/timeline")
    @Operation(
            summary = "A customer's timeline across channels",
            description = "Needs crm.read. Newest first by occurredAt (then id); pass nextCursor back as cursor. "
                    + "from is inclusive, to exclusive. A customer outside the caller's visibility is a 404.")
    @ApiResponse(responseCode = "200", description = "A page of the timeline")
    CursorPage<InteractionView> timeline(
            @PathVariable UUID customerId,
            @Parameter(description = "Any of these channels") @RequestParam(required = false) List<Channel> channel,
            @Parameter(description = "Any of these types") @RequestParam(required = false) List<InteractionType> type,
            @RequestParam(required = false) Direction direction,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @Parameter(description = "1 to 500, default 50") @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return service.timeline(
                new InteractionFilter(customerId, channel, type, direction, null, null, from, to),
                cursor,
                PageLimit.resolve(limit));
    }

    @GetMapping("/interactions")
    @Operation(
            summary = "List interactions across customers",
            description = "Needs crm.read. Newest first; e.g. purchaseIntent=true lists the signals sales should act "
                    + "on, agentId an agent's contacts. Same paging as the timeline. Only customers within the caller's "
                    + "visibility.")
    @ApiResponse(responseCode = "200", description = "A page of interactions")
    CursorPage<InteractionView> list(
            @RequestParam(required = false) UUID customerId,
            @RequestParam(required = false) List<Channel> channel,
            @RequestParam(required = false) List<InteractionType> type,
            @RequestParam(required = false) Direction direction,
            @RequestParam(required = false) String agentId,
            @Parameter(description = "true: only purchase-intent signals") @RequestParam(required = false)
                    Boolean purchaseIntent,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @Parameter(description = "1 to 500, default 50") @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        if (agentId != null && agentId.length() > 64) {
            throw ApiException.invalid("agentId", ErrorCode.TOO_LONG, "at most 64 characters");
        }
        return service.list(
                new InteractionFilter(customerId, channel, type, direction, agentId, purchaseIntent, from, to),
                cursor,
                PageLimit.resolve(limit));
    }
}
