package com.crm.customer.purchase;

import com.crm.support.batch.BatchResponse;
import com.crm.support.batch.BatchTransactions;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.PageLimit;
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
@RequestMapping("/api/purchases")
@Tag(name = "Purchases", description = "The purchase ledger: purchases and refunds from ERPs, idempotent by erpId")
class PurchaseController {

    /** Items stay raw JSON so that one malformed item is rejected alone. */
    record PurchaseBatchRequest(
            @NotNull @Size(min = 1, max = 1000) @ArraySchema(schema = @Schema(implementation = PurchaseInput.class))
            List<@NotNull JsonNode> items) {}

    private final PurchaseService service;
    private final BatchTransactions transactions;

    PurchaseController(PurchaseService service, BatchTransactions transactions) {
        this.service = service;
        this.transactions = transactions;
    }

    @PostMapping
    @Operation(
            summary = "Record a purchase or refund",
            description = "Needs crm.write. 201 when recorded; the same (source, erpId) again answers 200 with the "
                    + "recorded purchase and records nothing; with other data it is a 409.")
    @ApiResponse(responseCode = "201", description = "Recorded")
    @ApiResponse(responseCode = "200", description = "Already recorded (a retry)")
    @ApiResponse(
            responseCode = "409",
            description = "The erpId is recorded with other data",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "422",
            description = "The customer is unknown or deleted",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<PurchaseView> record(@RequestBody @Schema(implementation = PurchaseInput.class) JsonNode purchase) {
        PurchaseService.RecordOutcome outcome = service.record(purchase);
        return outcome.status() == PurchaseService.RecordStatus.CREATED
                ? ResponseEntity.created(URI.create(
                                "/api/purchases/" + outcome.purchase().id()))
                        .body(outcome.purchase())
                : ResponseEntity.ok(outcome.purchase());
    }

    @PostMapping("/batch")
    @Operation(
            summary = "Record up to 1,000 purchases",
            description = "Needs crm.write and crm.integration. Results in request order: created, unchanged "
                    + "(already recorded) or rejected with its problem; one bad item never sinks the others.")
    @ApiResponse(responseCode = "200", description = "Per-item results")
    BatchResponse<PurchaseView> recordAll(@Valid @RequestBody PurchaseBatchRequest request) {
        return service.recordAll(request.items());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a purchase", description = "Needs crm.read.")
    @ApiResponse(responseCode = "200", description = "The purchase")
    @ApiResponse(
            responseCode = "404",
            description = "No such purchase",
            content = @Content(mediaType = "application/problem+json"))
    PurchaseView get(@PathVariable UUID id) {
        return service.get(id);
    }

    @GetMapping
    @Operation(
            summary = "List a customer's purchases",
            description = "Needs crm.read. Newest first; pass nextCursor " + "back as cursor for the next page.")
    @ApiResponse(responseCode = "200", description = "A page of purchases")
    CursorPage<PurchaseView> list(
            @RequestParam UUID customerId,
            @Parameter(description = "occurredAt at or after (ISO-8601)")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                    Instant from,
            @Parameter(description = "occurredAt before (ISO-8601)")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                    Instant to,
            @Parameter(description = "1 to 500, default 50") @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return service.list(customerId, from, to, cursor, PageLimit.resolve(limit));
    }
}
