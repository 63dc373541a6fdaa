package com.crm.customer.risk;

import com.crm.support.paging.CursorPage;
import com.crm.support.paging.PageLimit;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(
        name = "Fraud and risk",
        description = "Explained risk scores (refunds, shared identifiers, bursts, complaints) and the review queue")
@ApiResponse(
        responseCode = "400",
        description = "Invalid input; errors[] names each field",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(
        responseCode = "404",
        description = "No such customer or review, or one outside the caller's visibility (agents see their own "
                + "customers, managers their team's; integrated systems and admins all)",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class RiskController {

    enum ReviewStatus {
        OPEN,
        CONFIRMED,
        CLEARED
    }

    /** {@code decision}: CONFIRMED (a fraud) or CLEARED (not one on this evidence); {@code note}: why, optional. */
    record DecisionInput(
            @NotNull RiskService.Decision decision,
            @Size(max = 2000) String note) {}

    private final RiskService risk;

    RiskController(RiskService risk) {
        this.risk = risk;
    }

    @GetMapping("/api/customers/{id}/risk")
    @Operation(
            summary = "The customer's risk score with the signals behind it",
            description = "Needs crm.read. Computed now from the current data: score 0..1 (noisy-OR of the signals), "
                    + "each signal with its strength, weight, contribution (the contributions add up to the score) "
                    + "and a reason; identifiers are masked. flagged: the score reaches the review threshold. review: "
                    + "the latest review, if any. A merged id answers for its survivor.")
    @ApiResponse(responseCode = "200", description = "The score and its signals")
    RiskService.CustomerRisk customerRisk(@PathVariable UUID id) {
        return risk.of(id);
    }

    @GetMapping("/api/risk/reviews")
    @Operation(
            summary = "The review queue",
            description = "Needs crm.read. Reviews of one status (default OPEN), highest score first; only customers "
                    + "within the caller's visibility. Pass nextCursor back as cursor for the next page.")
    @ApiResponse(responseCode = "200", description = "A page of reviews")
    CursorPage<RiskService.ReviewView> reviews(
            @RequestParam(defaultValue = "OPEN") ReviewStatus status,
            @Parameter(description = "1 to 500, default 50") @RequestParam(required = false) @Min(1) @Max(PageLimit.MAX)
                    Integer limit,
            @RequestParam(required = false) String cursor) {
        return risk.queue(status.name(), cursor, PageLimit.resolve(limit));
    }

    @GetMapping("/api/risk/reviews/{id}")
    @Operation(summary = "One review", description = "Needs crm.read.")
    @ApiResponse(responseCode = "200", description = "The review")
    RiskService.ReviewView review(@PathVariable UUID id) {
        return risk.review(id);
    }

    @PostMapping("/api/risk/reviews/{id}/decision")
    @Operation(
            summary = "Confirm or clear a review",
            description = "Needs crm.write; the decider is the caller (from the token), recorded with the note and in "
                    + "the audit log. CONFIRMED publishes crm.customer.risk-confirmed: segmentation withholds offers, "
                    + "loyalty stops points accrual and refuses coupons. CLEARED publishes crm.customer.risk-cleared "
                    + "and keeps the evidence: the customer is not flagged again unless new or stronger evidence "
                    + "appears. The same decision again answers the same (safe to retry); the other decision on a "
                    + "decided review corrects it.")
    @ApiResponse(responseCode = "200", description = "The decided review")
    RiskService.ReviewView decide(@PathVariable UUID id, @Valid @RequestBody(required = false) DecisionInput input) {
        if (input == null) {
            throw ApiException.invalid("decision", ErrorCode.REQUIRED, "required: CONFIRMED or CLEARED");
        }
        String note = input.note() == null || input.note().isBlank()
                ? null
                : input.note().strip();
        return risk.decide(id, input.decision(), note);
    }

    @PostMapping("/api/risk/runs")
    @PreAuthorize("hasAuthority('SCOPE_crm.admin')")
    @Operation(
            summary = "Rescore every customer",
            description = "Needs crm.admin. Marks every live customer for rescoring and answers at once; the "
                    + "background sweep does the work in batches (follow it with GET /api/risk/runs/{id}). Starting "
                    + "another run while one is going only marks the customers again: safe to retry.")
    @ApiResponse(responseCode = "202", description = "Accepted; Location names the run")
    ResponseEntity<RiskService.RiskRunView> startRun() {
        RiskService.RiskRunView run = risk.startRun();
        return ResponseEntity.accepted()
                .location(URI.create("/api/risk/runs/" + run.id()))
                .body(run);
    }

    @GetMapping("/api/risk/runs/{id}")
    @Operation(
            summary = "A full run's progress",
            description = "Needs crm.read. remaining: customers not rescored yet.")
    @ApiResponse(responseCode = "200", description = "The run")
    RiskService.RiskRunView run(@PathVariable UUID id) {
        return risk.run(id);
    }
}
