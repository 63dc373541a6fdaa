package com.crm.segmentation.kpi;

import com.crm.segmentation.access.CustomerAccess;
import com.crm.support.paging.DateRange;
import com.crm.support.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(
        name = "KPI watch",
        description = "Daily KPI series, normal bands learnt from their history, anomalies (organisation-wide)."
                + " For callers who see every customer (integrated systems, admins): 403 for people.")
@ApiResponse(
        responseCode = "400",
        description = "Invalid parameter; errors[] names each",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class KpiController {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;

    private final KpiService kpis;
    private final Clock clock;
    private final CustomerAccess access;

    KpiController(KpiService kpis, CustomerAccess access, Clock clock) {
        this.kpis = kpis;
        this.access = access;
        this.clock = clock;
    }

    record KpiSummary(String name, String description, KpiService.Point latest) {}

    record Series(String name, String description, LocalDate from, LocalDate to, List<KpiService.Point> items) {}

    /** Days (UTC) to recompute; without either, the 30 days up to yesterday. */
    record RecomputeInput(
            @Schema(description = "first day (UTC); default 30 days before to")
            LocalDate from,

            @Schema(description = "last day (UTC), included; default yesterday")
            LocalDate to) {}

    @GetMapping("/api/kpis")
    @ApiResponse(responseCode = "200", description = "Every KPI with its latest day")
    @Operation(summary = "Every KPI with its latest computed day: value, band and anomaly direction if any")
    Map<String, List<KpiSummary>> list() {
        access.requireAll("KPI watch (organisation-wide figures)");
        return Map.of(
                "items",
                Arrays.stream(Kpi.values())
                        .map(k -> new KpiSummary(
                                k.id(), k.description(), kpis.latest(k).orElse(null)))
                        .toList());
    }

    @GetMapping("/api/kpis/{name}")
    @ApiResponse(responseCode = "200", description = "The KPI's daily series")
    @Operation(
            summary = "A KPI's daily series with each day's band and anomaly (ABOVE / BELOW) if any",
            description = "from/to: UTC days, default the 30 days up to yesterday; at most 366 days")
    @ApiResponse(
            responseCode = "404",
            description = "Unknown KPI",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    Series series(
            @PathVariable
                    @Schema(
                            allowableValues = {
                                "new_customers",
                                "active_customers",
                                "churned",
                                "revenue",
                                "repeat_purchase_rate",
                                "nps",
                                "complaints_opened",
                                "sla_breaches",
                                "contacts_refused"
                            })
                    String name,
            @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    @Parameter(description = "first day (UTC); default 30 days before to")
                    LocalDate from,
            @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    @Parameter(description = "last day (UTC), included; default yesterday")
                    LocalDate to) {
        access.requireAll("KPI watch (organisation-wide figures)");
        Kpi kpi = Kpi.of(name).orElseThrow(() -> ApiException.notFound("KPI", name));
        DateRange range = DateRange.resolve(from, to, yesterday(), DEFAULT_DAYS, MAX_DAYS);
        return new Series(
                kpi.id(), kpi.description(), range.from(), range.to(), kpis.points(kpi, range.from(), range.to()));
    }

    @PostMapping("/api/kpis/recompute")
    @ApiResponse(responseCode = "200", description = "What was recomputed and the anomalies found")
    @Operation(
            summary = "Recompute the series and check the bands for a range of days (the daily job does yesterday)",
            description = "anomalies already recorded are not emitted again")
    KpiService.Recompute recompute(@RequestBody(required = false) RecomputeInput input) {
        access.requireAll("KPI watch (organisation-wide figures)");
        DateRange range = input == null
                ? DateRange.resolve(null, null, yesterday(), DEFAULT_DAYS, MAX_DAYS)
                : DateRange.resolve(input.from(), input.to(), yesterday(), DEFAULT_DAYS, MAX_DAYS);
        return kpis.recompute(range.from(), range.to());
    }

    private LocalDate yesterday() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    }
}
