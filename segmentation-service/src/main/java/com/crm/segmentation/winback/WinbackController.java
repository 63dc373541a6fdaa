package com.crm.segmentation.winback;

import com.crm.segmentation.segment.StaticLists;
import com.crm.support.json.JsonBinder;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.DateRange;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.paging.PageLimit;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.FieldViolation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Win-back", description = "Lapsed customers by value at stake, competitor marks, re-activation by cohort")
@ApiResponse(
        responseCode = "400",
        description = "Invalid parameter or body; errors[] names each",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class WinbackController {

    static final int DEFAULT_DAYS = 365;
    static final int MAX_DAYS = 3661;

    private final WinbackService winback;
    private final JsonBinder binder;
    private final Clock clock;

    WinbackController(WinbackService winback, JsonBinder binder, Clock clock) {
        this.winback = winback;
        this.binder = binder;
        this.clock = clock;
    }

    /** Filters and paging of the candidate list. */
    record ListQuery(
            @Schema(
                    description = "DECLINING, CHURNED, or LOST_TO_COMPETITOR (marked by an agent, whatever the stage)",
                    allowableValues = {"DECLINING", "CHURNED", "LOST_TO_COMPETITOR"})
            @Pattern(regexp = "DECLINING|CHURNED|LOST_TO_COMPETITOR")
            String stage,

            @Schema(description = "only customers marked lost to this competitor (case-insensitive)") @Size(max = 100)
            String competitor,

            @Schema(description = "page size, default " + PageLimit.DEFAULT) @Min(1) @Max(PageLimit.MAX)
            Integer limit,

            @Schema(description = "nextCursor of the previous page, unchanged")
            String cursor) {}

    record ReportQuery(
            @Schema(description = "first day of lapsing (UTC); default " + DEFAULT_DAYS + " days before to")
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
            LocalDate from,

            @Schema(description = "last day of lapsing (UTC), included; default today")
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
            LocalDate to) {}

    /** An agent's mark that the customer went to a competitor. */
    record MarkInput(
            @Schema(description = "the competitor's name", requiredMode = Schema.RequiredMode.REQUIRED)
            @NotBlank
            @Size(max = 100)
            String competitor,

            @Schema(description = "what the agent learnt, e.g. the reason given") @Size(max = 500)
            String note) {}

    /** Which candidates go into which static list. */
    record ListInput(
            @Schema(
                    description = "a static segment (list) the caller may change",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @NotNull
            UUID segmentId,

            @Schema(
                    description = "how many of the top candidates, at most " + StaticLists.MAX_IDS,
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @NotNull
            @Min(1)
            @Max(StaticLists.MAX_IDS)
            Integer top,

            @Pattern(regexp = "DECLINING|CHURNED|LOST_TO_COMPETITOR")
            String stage,

            @Size(max = 100) String competitor) {}

    @GetMapping("/api/winback/candidates")
    @ApiResponse(responseCode = "200", description = "A page of candidates")
    @Operation(
            summary = "Lapsed customers ranked by value at stake (value before lapsing × learnt return probability)",
            description = "Customers in DECLINING or CHURNED, or marked lost to a competitor with no purchase since. "
                    + "Value before lapsing: net spend in the 365 days up to the last purchase before lapsing. "
                    + "Return probability: see /api/winback/return-rates. Each item carries its reason. Excludes "
                    + "customers who withdrew PROFILING and those under a fraud hold. Only customers within the "
                    + "caller's visibility; keyset paging by value at stake then customer id (both descending)")
    CursorPage<WinbackService.WinbackCandidate> candidates(@ParameterObject @ModelAttribute ListQuery query) {
        // the cursor is checked with the declared constraints so that one answer names every fault
        List<FieldViolation> errors = new ArrayList<>(binder.violations(query));
        WinbackService.After after = null;
        try {
            after = WinbackService.After.of(KeysetCursor.decode(query.cursor()));
        } catch (ApiException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        String competitor = query.competitor() == null || query.competitor().isBlank()
                ? null
                : query.competitor().strip();
        return winback.candidates(query.stage(), competitor, after, PageLimit.resolve(query.limit()));
    }

    @GetMapping("/api/winback/return-rates")
    @ApiResponse(responseCode = "200", description = "The learnt return rates")
    @Operation(
            summary =
                    "How the return probability is learnt: lapses and returns per group, shrunk toward the overall rate",
            description = "Lapses (moves into DECLINING/CHURNED, or competitor marks) that started between 4 years "
                    + "and 1 year ago; returned = a purchase within 365 days. Groups: purchase days and tenure before "
                    + "lapsing, lost to a competitor or not. probability = (returned + 10 × overall) / (lapsed + 10)")
    WinbackService.ReturnRates returnRates() {
        return winback.returnRates();
    }

    @GetMapping("/api/winback/report")
    @ApiResponse(responseCode = "200", description = "Win-back rates by cohort")
    @Operation(
            summary = "Re-activation by cohort: lapses in a period and how many came back within 365 days",
            description = "from/to: UTC days of lapsing (ISO), default the last 365 days; at most 3661 days. By month "
                    + "of lapsing, by group (purchase days, tenure, competitor), by competitor, by static list (byList: the "
                    + "lists the customer was put on before returning) and by offer (the coupon campaign issued after "
                    + "the lapse and before the return; offerNote), each with a 'none' row of lapses without one. "
                    + "Counts only customers within the caller's "
                    + "visibility; recent cohorts have not had their full 365 days to return yet")
    WinbackService.WinbackReport report(@ParameterObject @Valid @ModelAttribute ReportQuery query) {
        DateRange range = DateRange.resolve(
                query.from(), query.to(), LocalDate.now(clock.withZone(ZoneOffset.UTC)), DEFAULT_DAYS, MAX_DAYS);
        return winback.report(range.from(), range.to());
    }

    @PostMapping("/api/winback/lists")
    @ApiResponse(responseCode = "200", description = "How many candidates were taken and the list's change")
    @ApiResponse(
            responseCode = "404",
            description = "Unknown segment",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "409",
            description = "The segment is dynamic or archived",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @Operation(
            summary = "Fill a static list with the top candidates (a win-back campaign's audience)",
            description =
                    "Adds the top N candidates within the caller's visibility (optionally one stage or competitor) "
                            + "to a static segment; members already listed stay. Contacts then go through the campaign tooling "
                            + "and interaction-service's contact checks (purpose MARKETING) like any list's. Recorded in the "
                            + "audit log")
    WinbackService.ListFill fill(@Valid @RequestBody ListInput input) {
        String competitor = input.competitor() == null || input.competitor().isBlank()
                ? null
                : input.competitor().strip();
        return winback.fillList(input.segmentId(), input.top(), input.stage(), competitor);
    }

    @PostMapping("/api/customers/{customerId}/lost-to-competitor")
    @ApiResponse(responseCode = "200", description = "The mark (unchanged when the same mark is posted again)")
    @ApiResponse(
            responseCode = "404",
            description = "Unknown customer, or one outside the caller's visibility",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @Operation(
            summary = "Mark a customer lost to a competitor",
            description = "The actor comes from the token; recorded in the audit log. Idempotent: the same competitor "
                    + "and note change nothing; a new note keeps the date of the loss, a new competitor starts a new "
                    + "one. A purchase after the mark is a return: the customer leaves the candidates")
    WinbackService.Mark mark(@PathVariable UUID customerId, @Valid @RequestBody MarkInput input) {
        String note = input.note() == null || input.note().isBlank()
                ? null
                : input.note().strip();
        return winback.markLost(customerId, input.competitor().strip(), note);
    }

    @DeleteMapping("/api/customers/{customerId}/lost-to-competitor")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiResponse(responseCode = "204", description = "No mark any more (also when there was none)")
    @ApiResponse(
            responseCode = "404",
            description = "Unknown customer, or one outside the caller's visibility",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @Operation(summary = "Remove a lost-to-competitor mark", description = "Recorded in the audit log")
    void unmark(@PathVariable UUID customerId) {
        winback.unmarkLost(customerId);
    }
}
