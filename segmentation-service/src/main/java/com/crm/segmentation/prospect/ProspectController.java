package com.crm.segmentation.prospect;

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
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Prospects", description = "Customers without a purchase, by need and ability; conversion report")
@ApiResponse(
        responseCode = "400",
        description = "Invalid parameter; errors[] names each",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class ProspectController {

    static final int DEFAULT_DAYS = 90;
    static final int MAX_DAYS = 3661;

    private final ProspectService prospects;
    private final JsonBinder binder;
    private final Clock clock;

    ProspectController(ProspectService prospects, JsonBinder binder, Clock clock) {
        this.prospects = prospects;
        this.binder = binder;
        this.clock = clock;
    }

    /** Filters and paging of the prospect list. */
    record ListQuery(
            @Schema(
                    description = "1 need and ability, 2 ability only, 3 need only, 4 neither",
                    allowableValues = {"1", "2", "3", "4"})
            @Min(1)
            @Max(4)
            Integer priority,

            @Size(max = 64) String ownerId,
            @Size(max = 64) String source,

            @Schema(description = "page size, default " + PageLimit.DEFAULT) @Min(1) @Max(PageLimit.MAX)
            Integer limit,

            @Schema(description = "nextCursor of the previous page, unchanged")
            String cursor) {}

    /** The conversion report's period (UTC days) and optional source. */
    record ConversionQuery(
            @Schema(description = "first day (UTC); default " + DEFAULT_DAYS + " days before to")
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
            LocalDate from,

            @Schema(description = "last day (UTC), included; default today")
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
            LocalDate to,

            @Size(max = 64) String source) {}

    @GetMapping("/api/prospects")
    @ApiResponse(responseCode = "200", description = "A page of prospects")
    @Operation(
            summary = "Open prospects by priority (1 need and ability ... 4 neither), with scores and reasons",
            description = "filters priority (1-4), ownerId, source; keyset paging by priority then customer id. "
                    + "Only customers within the caller's visibility (agents their own, managers their team's; "
                    + "integrated systems and admins all)")
    CursorPage<ProspectService.Prospect> list(@ParameterObject @ModelAttribute ListQuery query) {
        // the cursor is checked with the declared constraints so that one answer names every fault
        List<FieldViolation> errors = new ArrayList<>(binder.violations(query));
        ProspectService.After after = null;
        try {
            after = ProspectService.After.of(KeysetCursor.decode(query.cursor()));
        } catch (ApiException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return prospects.list(
                query.priority(), query.ownerId(), query.source(), after, PageLimit.resolve(query.limit()));
    }

    @GetMapping("/api/prospects/{customerId}")
    @ApiResponse(responseCode = "200", description = "The prospect")
    @Operation(summary = "One prospect (also a converted one, with convertedAt)")
    @ApiResponse(
            responseCode = "404",
            description = "Not a prospect, or a customer outside the caller's visibility",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    ProspectService.Prospect get(@PathVariable UUID customerId) {
        return prospects.get(customerId);
    }

    @GetMapping("/api/prospects/conversion")
    @ApiResponse(responseCode = "200", description = "Conversion by priority and by source")
    @Operation(
            summary = "Prospects → first purchase by priority and by source over a period",
            description =
                    "from/to: UTC days (ISO), default the last 90 days; at most 3661 days; source: one source only. "
                            + "Counts only the prospects within the caller's visibility (agents their own, managers their "
                            + "team's; integrated systems and admins all)")
    ProspectService.ConversionReport conversion(@ParameterObject @Valid @ModelAttribute ConversionQuery query) {
        DateRange range = DateRange.resolve(
                query.from(), query.to(), LocalDate.now(clock.withZone(ZoneOffset.UTC)), DEFAULT_DAYS, MAX_DAYS);
        return prospects.conversion(range.from(), range.to(), query.source());
    }
}
