package com.crm.feedback.analytics;

import com.crm.feedback.Channel;
import com.crm.feedback.analytics.AnalyticsService.ComplaintGroup;
import com.crm.feedback.analytics.AnalyticsService.GroupBy;
import com.crm.feedback.analytics.AnalyticsService.Period;
import com.crm.feedback.analytics.AnalyticsService.PurchaseGroup;
import com.crm.feedback.analytics.AnalyticsService.SatisfactionGroup;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(
        name = "Analytics",
        description = "NPS, CSAT, CES, response rate, complaints and retention, with their counts; every figure counts "
                + "only customers within the caller's visibility (agents their own, managers their team's, integrated "
                + "systems and admins all)")
class AnalyticsController {

    private final AnalyticsService analytics;
    private final Clock clock;

    AnalyticsController(AnalyticsService analytics, Clock clock) {
        this.analytics = analytics;
        this.clock = clock;
    }

    record Report<T>(Instant from, Instant to, String period, String groupBy, List<T> items) {}

    private Instant to(Instant to) {
        return to != null ? to : clock.instant();
    }

    private Instant from(Instant from, Instant to) {
        return from != null ? from : to.minus(365, ChronoUnit.DAYS);
    }

    @GetMapping("/api/analytics/satisfaction")
    @Operation(
            summary = "NPS (% promoters − % detractors), CSAT (% 4–5 of 5), CES mean and response rate",
            description = "Window [from, to) (default the last 365 days); groupBy period (default; buckets by "
                    + "period=day|week|month in UTC), survey, channel, tier or stage (the customer's current one from "
                    + "crm.segmentation.v1, UNKNOWN without); optional surveyId and channel filters.")
    Report<SatisfactionGroup> satisfaction(
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "MONTH") Period period,
            @RequestParam(defaultValue = "PERIOD") GroupBy groupBy,
            @RequestParam(required = false) UUID surveyId,
            @Parameter(schema = @Schema(implementation = Channel.class)) @RequestParam(required = false)
                    String channel) {
        Instant t = to(to);
        Instant f = from(from, t);
        return new Report<>(
                f, t, period.name(), groupBy.name(), analytics.satisfaction(f, t, period, groupBy, surveyId, channel));
    }

    @GetMapping("/api/analytics/complaints")
    @Operation(
            summary = "Complaint volume, SLA compliance and mean resolution time",
            description = "By the period they were opened in (default) or groupBy=severity|category|channel.")
    Report<ComplaintGroup> complaints(
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "MONTH") Period period,
            @Parameter(
                            schema =
                                    @Schema(
                                            allowableValues = {"period", "severity", "category", "channel"},
                                            defaultValue = "period"))
                    @RequestParam(defaultValue = "period")
                    String groupBy) {
        Instant t = to(to);
        Instant f = from(from, t);
        return new Report<>(f, t, period.name(), groupBy, analytics.complaints(f, t, period, groupBy));
    }

    @GetMapping("/api/analytics/retention")
    @Operation(summary = "Repeat-purchase rate and retention per period, from crm.purchase.v1")
    Report<PurchaseGroup> retention(
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "MONTH") Period period) {
        Instant t = to(to);
        Instant f = from(from, t);
        return new Report<>(f, t, period.name(), "period", analytics.purchases(f, t, period));
    }
}
