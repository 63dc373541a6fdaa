package com.crm.feedback.analytics;

import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Satisfaction, complaint and purchase figures over a window [from, to), grouped by period (UTC day, ISO week or
 * month), survey, channel, tier or stage; every figure comes with the counts behind it.
 */
@Service
public class AnalyticsService {

    public enum Period {
        DAY("day"), WEEK("week"), MONTH("month");

        final String unit;

        Period(String unit) {
            this.unit = unit;
        }
    }

    public enum GroupBy { PERIOD, SURVEY, CHANNEL, TIER, STAGE }

    public record Nps(long responses, long promoters, long passives, long detractors, BigDecimal score) {
    }

    public record Csat(long responses, long satisfied, BigDecimal percentSatisfied) {
    }

    public record Ces(long responses, BigDecimal mean) {
    }

    public record ResponseRate(long delivered, long answered, BigDecimal percent) {
    }

    public record SatisfactionGroup(String key, long responses, Nps nps, Csat csat, Ces ces, ResponseRate responseRate) {
    }

    public record ComplaintGroup(String key, long opened, long resolved, long resolvedWithinSla, long dueOrResolved,
                                 BigDecimal slaCompliancePercent, BigDecimal meanResolutionHours) {
    }

    public record PurchaseGroup(String key, long buyers, long repeatBuyers, BigDecimal repeatPurchaseRatePercent,
                                long previousBuyers, long retainedBuyers, BigDecimal retentionPercent) {
    }

    private final JdbcClient jdbc;

    AnalyticsService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static String key(GroupBy by, Period period, String time, String survey, String channel) {
        return switch (by) {
            case PERIOD -> "to_char(date_trunc('" + period.unit + "', " + time + " at time zone 'UTC'), 'YYYY-MM-DD')";
            case SURVEY -> survey + "::text";
            case CHANNEL -> "coalesce(" + channel + ", 'UNKNOWN')";
            case TIER -> "coalesce(cs.tier, 'UNKNOWN')";
            case STAGE -> "coalesce(cs.stage, 'UNKNOWN')";
        };
    }

    public List<SatisfactionGroup> satisfaction(Instant from, Instant to, Period period, GroupBy by, UUID surveyId,
                                                String channel) {
        check(from, to);
        String responseKey = key(by, period, "r.submitted_at", "r.survey_id", "r.channel");
        record Row(long responses, long npsN, long promoters, long passives, long detractors, long csatN,
                   long satisfied, long cesN, long cesSum) {
        }
        Map<String, Row> responses = new TreeMap<>();
        jdbc.sql("""
                select %s as k, count(*) as responses,
                  count(*) filter (where s.kind = 'NPS' and r.score is not null) as nps_n,
                  count(*) filter (where r.nps_category = 'promoter') as promoters,
                  count(*) filter (where r.nps_category = 'passive') as passives,
                  count(*) filter (where r.nps_category = 'detractor') as detractors,
                  count(*) filter (where s.kind = 'CSAT' and r.score is not null) as csat_n,
                  count(*) filter (where s.kind = 'CSAT' and r.score >= 4) as satisfied,
                  count(*) filter (where s.kind = 'CES' and r.score is not null) as ces_n,
                  coalesce(sum(r.score) filter (where s.kind = 'CES'), 0) as ces_sum
                from survey_response r join survey s on s.id = r.survey_id
                left join customer_segment cs on cs.customer_id = r.customer_id
                where r.submitted_at >= :from and r.submitted_at < :to
                  and (cast(:survey as uuid) is null or r.survey_id = cast(:survey as uuid))
                  and (cast(:channel as varchar) is null or r.channel = cast(:channel as varchar))
                group by 1""".formatted(responseKey))
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).param("survey", surveyId)
                .param("channel", channel)
                .query((rs, n) -> {
                    responses.put(rs.getString("k"), new Row(rs.getLong("responses"), rs.getLong("nps_n"),
                            rs.getLong("promoters"), rs.getLong("passives"), rs.getLong("detractors"),
                            rs.getLong("csat_n"), rs.getLong("satisfied"), rs.getLong("ces_n"), rs.getLong("ces_sum")));
                    return null;
                }).list();
        String invitationKey = key(by, period, "i.created_at", "i.survey_id", "i.channel");
        Map<String, long[]> invitations = new TreeMap<>();
        jdbc.sql("""
                select %s as k,
                  count(*) filter (where i.sent_at is not null or i.answered_at is not null) as delivered,
                  count(*) filter (where i.answered_at is not null) as answered
                from invitation i left join customer_segment cs on cs.customer_id = i.customer_id
                where i.created_at >= :from and i.created_at < :to
                  and (cast(:survey as uuid) is null or i.survey_id = cast(:survey as uuid))
                  and (cast(:channel as varchar) is null or i.channel = cast(:channel as varchar))
                group by 1""".formatted(invitationKey))
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).param("survey", surveyId)
                .param("channel", channel)
                .query((rs, n) -> invitations.put(rs.getString("k"),
                        new long[] {rs.getLong("delivered"), rs.getLong("answered")})).list();
        TreeMap<String, Boolean> keys = new TreeMap<>();
        responses.keySet().forEach(k -> keys.put(k, true));
        invitations.keySet().forEach(k -> keys.put(k, true));
        List<SatisfactionGroup> groups = new ArrayList<>();
        for (String k : keys.keySet()) {
            Row r = responses.getOrDefault(k, new Row(0, 0, 0, 0, 0, 0, 0, 0, 0));
            long[] inv = invitations.getOrDefault(k, new long[] {0, 0});
            groups.add(new SatisfactionGroup(k, r.responses(),
                    new Nps(r.npsN(), r.promoters(), r.passives(), r.detractors(),
                            percent(r.promoters() - r.detractors(), r.npsN())),
                    new Csat(r.csatN(), r.satisfied(), percent(r.satisfied(), r.csatN())),
                    new Ces(r.cesN(), r.cesN() == 0 ? null : BigDecimal.valueOf(r.cesSum())
                            .divide(BigDecimal.valueOf(r.cesN()), 2, RoundingMode.HALF_UP)),
                    new ResponseRate(inv[0], inv[1], percent(inv[1], inv[0]))));
        }
        return groups;
    }

    /**
     * By the period (or severity, category, channel) the complaints were opened in: volume; SLA compliance =
     * resolved by the deadline / (resolved + unresolved past the deadline); mean hours from opening to resolution.
     */
    public List<ComplaintGroup> complaints(Instant from, Instant to, Period period, String groupBy) {
        check(from, to);
        String k = switch (groupBy == null ? "period" : groupBy) {
            case "period" -> "to_char(date_trunc('" + period.unit + "', c.opened_at at time zone 'UTC'), 'YYYY-MM-DD')";
            case "severity" -> "c.severity";
            case "category" -> "c.category";
            case "channel" -> "coalesce(c.channel, 'UNKNOWN')";
            default -> throw ApiException.invalid("groupBy", ErrorCode.INVALID_VALUE, "period, severity, category or channel");
        };
        return jdbc.sql("""
                select %s as k, count(*) as opened,
                  count(*) filter (where c.resolved_at is not null) as resolved,
                  count(*) filter (where c.resolved_at is not null and c.resolved_at <= c.due_at) as within,
                  count(*) filter (where c.resolved_at is not null or c.due_at < now()) as due_or_resolved,
                  avg(extract(epoch from (c.resolved_at - c.opened_at)) / 3600.0)
                      filter (where c.resolved_at is not null) as mean_hours
                from complaint c
                where c.opened_at >= :from and c.opened_at < :to
                group by 1 order by 1""".formatted(k))
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new ComplaintGroup(rs.getString("k"), rs.getLong("opened"), rs.getLong("resolved"),
                        rs.getLong("within"), rs.getLong("due_or_resolved"),
                        percent(rs.getLong("within"), rs.getLong("due_or_resolved")),
                        rs.getBigDecimal("mean_hours") == null ? null
                                : rs.getBigDecimal("mean_hours").setScale(2, RoundingMode.HALF_UP)))
                .list();
    }

    /**
     * Per period: buyers; repeat-purchase rate = buyers with 2+ purchases in the period / buyers; retention = buyers
     * of the previous period who bought again in this one / buyers of the previous period.
     */
    public List<PurchaseGroup> purchases(Instant from, Instant to, Period period) {
        check(from, to);
        String unit = period.unit;
        return jdbc.sql("""
                with buyers as (
                  select customer_id, date_trunc('%1$s', occurred_at at time zone 'UTC') as bucket, count(*) as n
                  from purchase_fact
                  where occurred_at >= cast(:from as timestamptz) - interval '1 %1$s' and occurred_at < :to
                  group by 1, 2),
                periods as (
                  select distinct bucket from buyers
                  where bucket >= date_trunc('%1$s', cast(:from as timestamptz) at time zone 'UTC')
                    and bucket + interval '1 %1$s' > cast(:from as timestamptz) at time zone 'UTC')
                select to_char(p.bucket, 'YYYY-MM-DD') as k,
                  (select count(*) from buyers b where b.bucket = p.bucket) as buyers,
                  (select count(*) from buyers b where b.bucket = p.bucket and b.n >= 2) as repeaters,
                  (select count(*) from buyers b where b.bucket = p.bucket - interval '1 %1$s') as previous,
                  (select count(*) from buyers b join buyers c on c.customer_id = b.customer_id and c.bucket = p.bucket
                     where b.bucket = p.bucket - interval '1 %1$s') as retained
                from periods p order by p.bucket""".formatted(unit))
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new PurchaseGroup(rs.getString("k"), rs.getLong("buyers"), rs.getLong("repeaters"),
                        percent(rs.getLong("repeaters"), rs.getLong("buyers")), rs.getLong("previous"),
                        rs.getLong("retained"), percent(rs.getLong("retained"), rs.getLong("previous"))))
                .list();
    }

    /** part / whole × 100, one decimal, half up; null when there is no whole. */
    static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1,
                RoundingMode.HALF_UP);
    }

    private static void check(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ApiException.invalid("from", ErrorCode.OUT_OF_RANGE, "from must be before to");
        }
    }
}
