package com.crm.feedback.analytics;

import com.crm.feedback.analytics.AnalyticsRepository.InvitationCounts;
import com.crm.feedback.analytics.AnalyticsRepository.ResponseCounts;
import com.crm.feedback.customer.CustomerAccess;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Satisfaction, complaint and purchase figures over a window [from, to), grouped by period (UTC day, ISO week or
 * month), survey, channel, tier or stage; every figure comes with the counts behind it.
 */
@Service
public class AnalyticsService {

    public enum Period {
        DAY("day"),
        WEEK("week"),
        MONTH("month");

        final String unit;

        Period(String unit) {
            this.unit = unit;
        }
    }

    public enum GroupBy {
        PERIOD,
        SURVEY,
        CHANNEL,
        TIER,
        STAGE
    }

    public record Nps(long responses, long promoters, long passives, long detractors, BigDecimal score) {}

    public record Csat(long responses, long satisfied, BigDecimal percentSatisfied) {}

    public record Ces(long responses, BigDecimal mean) {}

    public record ResponseRate(long delivered, long answered, BigDecimal percent) {}

    public record SatisfactionGroup(
            String key, long responses, Nps nps, Csat csat, Ces ces, ResponseRate responseRate) {}

    public record ComplaintGroup(
            String key,
            long opened,
            long resolved,
            long resolvedWithinSla,
            long dueOrResolved,
            BigDecimal slaCompliancePercent,
            BigDecimal meanResolutionHours) {}

    public record PurchaseGroup(
            String key,
            long buyers,
            long repeatBuyers,
            BigDecimal repeatPurchaseRatePercent,
            long previousBuyers,
            long retainedBuyers,
            BigDecimal retentionPercent) {}

    static final Set<String> COMPLAINT_GROUPS = Set.of("period", "severity", "category", "channel");

    private final AnalyticsRepository repository;
    private final CustomerAccess access;

    AnalyticsService(AnalyticsRepository repository, CustomerAccess access) {
        this.repository = repository;
        this.access = access;
    }

    public List<SatisfactionGroup> satisfaction(
            Instant from, Instant to, Period period, GroupBy by, UUID surveyId, String channel) {
        check(from, to);
        // every figure counts only customers within the caller's visibility (record-level access)
        Map<String, ResponseCounts> responses =
                repository.responses(from, to, period, by, surveyId, channel, access.condition("r.customer_id"));
        Map<String, InvitationCounts> invitations =
                repository.invitations(from, to, period, by, surveyId, channel, access.condition("i.customer_id"));
        TreeMap<String, Boolean> keys = new TreeMap<>();
        responses.keySet().forEach(k -> keys.put(k, true));
        invitations.keySet().forEach(k -> keys.put(k, true));
        List<SatisfactionGroup> groups = new ArrayList<>();
        for (String k : keys.keySet()) {
            ResponseCounts r = responses.getOrDefault(k, ResponseCounts.NONE);
            InvitationCounts inv = invitations.getOrDefault(k, InvitationCounts.NONE);
            groups.add(new SatisfactionGroup(
                    k,
                    r.responses(),
                    new Nps(
                            r.npsN(),
                            r.promoters(),
                            r.passives(),
                            r.detractors(),
                            percent(r.promoters() - r.detractors(), r.npsN())),
                    new Csat(r.csatN(), r.satisfied(), percent(r.satisfied(), r.csatN())),
                    new Ces(
                            r.cesN(),
                            r.cesN() == 0
                                    ? null
                                    : BigDecimal.valueOf(r.cesSum())
                                            .divide(BigDecimal.valueOf(r.cesN()), 2, RoundingMode.HALF_UP)),
                    new ResponseRate(inv.delivered(), inv.answered(), percent(inv.answered(), inv.delivered()))));
        }
        return groups;
    }

    /**
     * By the period (or severity, category, channel) the complaints were opened in: volume; SLA compliance =
     * resolved by the deadline / (resolved + unresolved past the deadline); mean hours from opening to resolution.
     */
    public List<ComplaintGroup> complaints(Instant from, Instant to, Period period, String groupBy) {
        check(from, to);
        String grouping = groupBy == null ? "period" : groupBy;
        if (!COMPLAINT_GROUPS.contains(grouping)) {
            throw ApiException.invalid("groupBy", ErrorCode.INVALID_VALUE, "period, severity, category or channel");
        }
        return repository.complaints(from, to, period, grouping, access.condition("c.customer_id")).stream()
                .map(c -> new ComplaintGroup(
                        c.key(),
                        c.opened(),
                        c.resolved(),
                        c.within(),
                        c.dueOrResolved(),
                        percent(c.within(), c.dueOrResolved()),
                        c.meanHours() == null ? null : c.meanHours().setScale(2, RoundingMode.HALF_UP)))
                .toList();
    }

    /**
     * Per period: buyers; repeat-purchase rate = buyers with 2+ purchases in the period / buyers; retention = buyers
     * of the previous period who bought again in this one / buyers of the previous period.
     */
    public List<PurchaseGroup> purchases(Instant from, Instant to, Period period) {
        check(from, to);
        return repository.purchases(from, to, period, access.condition("purchase_fact.customer_id")).stream()
                .map(p -> new PurchaseGroup(
                        p.key(),
                        p.buyers(),
                        p.repeaters(),
                        percent(p.repeaters(), p.buyers()),
                        p.previous(),
                        p.retained(),
                        percent(p.retained(), p.previous())))
                .toList();
    }

    /** part / whole × 100, one decimal, half up; null when there is no whole. */
    static BigDecimal percent(long part, long whole) {
        return whole == 0
                ? null
                : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    private static void check(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ApiException.invalid("from", ErrorCode.EMPTY_RANGE, "from must be before to");
        }
    }
}
