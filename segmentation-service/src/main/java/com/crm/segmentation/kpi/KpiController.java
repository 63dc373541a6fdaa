package com.crm.segmentation.kpi;

import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.FieldViolation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "KPI watch", description = "Daily KPI series, normal bands learnt from their history, anomalies")
@ApiResponse(responseCode = "400", description = "Invalid parameter; errors[] names each",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "401", description = "No valid bearer token",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The token lacks the scope",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
class KpiController {

    static final int MAX_DAYS = 366;

    private final KpiService kpis;
    private final Clock clock;

    KpiController(KpiService kpis, Clock clock) {
        this.kpis = kpis;
        this.clock = clock;
    }

    record KpiSummary(String name, String description, KpiService.Point latest) {
    }

    record Series(String name, String description, LocalDate from, LocalDate to, List<KpiService.Point> items) {
    }

    /** Days (UTC, ISO) to recompute; both default to yesterday. */
    record RecomputeInput(String from, String to) {
    }

    @GetMapping("/api/kpis")
    @ApiResponse(responseCode = "200", description = "Every KPI with its latest day")
    @Operation(summary = "Every KPI with its latest computed day: value, band and anomaly direction if any")
    Map<String, List<KpiSummary>> list() {
        return Map.of("items", Arrays.stream(Kpi.values())
                .map(k -> new KpiSummary(k.id(), k.description(), kpis.latest(k).orElse(null))).toList());
    }

    @GetMapping("/api/kpis/{name}")
    @ApiResponse(responseCode = "200", description = "The KPI's daily series")
    @Operation(summary = "A KPI's daily series with each day's band and anomaly (ABOVE / BELOW) if any",
            description = "from/to: UTC days, default the 30 days up to yesterday; at most 366 days")
    @ApiResponse(responseCode = "404", description = "Unknown KPI",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    Series series(@PathVariable String name, @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to) {
        Kpi kpi = Kpi.of(name).orElseThrow(() -> ApiException.notFound("KPI", name));
        LocalDate[] range = range(from, to);
        return new Series(kpi.id(), kpi.description(), range[0], range[1], kpis.points(kpi, range[0], range[1]));
    }

    @PostMapping("/api/kpis/recompute")
    @ApiResponse(responseCode = "200", description = "What was recomputed and the anomalies found")
    @Operation(summary = "Recompute the series and check the bands for a range of days (the daily job does yesterday)",
            description = "anomalies already recorded are not emitted again")
    KpiService.Recompute recompute(@RequestBody(required = false) RecomputeInput input) {
        LocalDate[] range = input == null ? range(null, null) : range(input.from(), input.to());
        return kpis.recompute(range[0], range[1]);
    }

    private LocalDate[] range(String from, String to) {
        LocalDate yesterday = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
        List<FieldViolation> errors = new ArrayList<>();
        LocalDate f = date("from", from, null, errors);
        LocalDate t = date("to", to, null, errors);
        if (t == null && to == null) {
            t = f == null ? yesterday : f.plusDays(29);
        }
        if (f == null && from == null && t != null) {
            f = t.minusDays(29);
        }
        if (f != null && t != null && (f.isAfter(t) || f.plusDays(MAX_DAYS - 1).isBefore(t))) {
            errors.add(new FieldViolation("from", ErrorCode.OUT_OF_RANGE, "from ≤ to, at most " + MAX_DAYS + " days"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new LocalDate[] {f, t};
    }

    private static LocalDate date(String field, String value, LocalDate fallback, List<FieldViolation> errors) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldViolation(field, ErrorCode.INVALID_FORMAT, "an ISO date (yyyy-MM-dd)"));
            return null;
        }
    }
}
