package com.crm.feedback.analytics;

import com.crm.feedback.analytics.AnalyticsService.GroupBy;
import com.crm.feedback.analytics.AnalyticsService.Period;
import com.crm.support.access.SqlCondition;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The counts behind the analytics figures, each grouped in the database over a window [from, to). */
@Repository
class AnalyticsRepository {

    record ResponseCounts(
            long responses,
            long npsN,
            long promoters,
            long passives,
            long detractors,
            long csatN,
            long satisfied,
            long cesN,
            long cesSum) {

        static final ResponseCounts NONE = new ResponseCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    record InvitationCounts(long delivered, long answered) {

        static final InvitationCounts NONE = new InvitationCounts(0, 0);
    }

    record ComplaintCounts(
            String key, long opened, long resolved, long within, long dueOrResolved, BigDecimal meanHours) {}

    record PurchaseCounts(String key, long buyers, long repeaters, long previous, long retained) {}

    private final JdbcClient jdbc;

    AnalyticsRepository(JdbcClient jdbc) {
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

    /** Responses by group key, in key order. */
    Map<String, ResponseCounts> responses(
            Instant from, Instant to, Period period, GroupBy by, UUID surveyId, String channel, SqlCondition visible) {
        String responseKey = key(by, period, "r.submitted_at", "r.survey_id", "r.channel");
        Map<String, ResponseCounts> responses = new TreeMap<>();
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
                  and %s
                group by 1""".formatted(responseKey, visible.clause()))
                .params(visible.params())
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("survey", surveyId)
                .param("channel", channel)
                .query((rs, n) -> {
                    responses.put(
                            rs.getString("k"),
                            new ResponseCounts(
                                    rs.getLong("responses"),
                                    rs.getLong("nps_n"),
                                    rs.getLong("promoters"),
                                    rs.getLong("passives"),
                                    rs.getLong("detractors"),
                                    rs.getLong("csat_n"),
                                    rs.getLong("satisfied"),
                                    rs.getLong("ces_n"),
                                    rs.getLong("ces_sum")));
                    return null;
                })
                .list();
        return responses;
    }

    /** Invitations created in the window by group key, in key order: how many were delivered and answered. */
    Map<String, InvitationCounts> invitations(
            Instant from, Instant to, Period period, GroupBy by, UUID surveyId, String channel, SqlCondition visible) {
        String invitationKey = key(by, period, "i.created_at", "i.survey_id", "i.channel");
        Map<String, InvitationCounts> invitations = new TreeMap<>();
        jdbc.sql("""
                select %s as k,
                  count(*) filter (where i.sent_at is not null or i.answered_at is not null) as delivered,
                  count(*) filter (where i.answered_at is not null) as answered
                from invitation i left join customer_segment cs on cs.customer_id = i.customer_id
                where i.created_at >= :from and i.created_at < :to
                  and (cast(:survey as uuid) is null or i.survey_id = cast(:survey as uuid))
                  and (cast(:channel as varchar) is null or i.channel = cast(:channel as varchar))
                  and %s
                group by 1""".formatted(invitationKey, visible.clause()))
                .params(visible.params())
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("survey", surveyId)
                .param("channel", channel)
                .query((rs, n) -> invitations.put(
                        rs.getString("k"), new InvitationCounts(rs.getLong("delivered"), rs.getLong("answered"))))
                .list();
        return invitations;
    }

    /** @param groupBy {@code period}, {@code severity}, {@code category} or {@code channel} */
    List<ComplaintCounts> complaints(Instant from, Instant to, Period period, String groupBy, SqlCondition visible) {
        String k = switch (groupBy) {
            case "period" -> "to_char(date_trunc('" + period.unit + "', c.opened_at at time zone 'UTC'), 'YYYY-MM-DD')";
            case "severity" -> "c.severity";
            case "category" -> "c.category";
            case "channel" -> "coalesce(c.channel, 'UNKNOWN')";
            default -> throw new IllegalArgumentException("Not a complaint grouping: " + groupBy);
        };
        return jdbc.sql("""
                select %s as k, count(*) as opened,
                  count(*) filter (where c.resolved_at is not null) as resolved,
                  count(*) filter (where c.resolved_at is not null and c.resolved_at <= c.due_at) as within,
                  count(*) filter (where c.resolved_at is not null or c.due_at < now()) as due_or_resolved,
                  avg(extract(epoch from (c.resolved_at - c.opened_at)) / 3600.0)
                      filter (where c.resolved_at is not null) as mean_hours
                from complaint c
                where c.opened_at >= :from and c.opened_at < :to and %s
                group by 1 order by 1""".formatted(k, visible.clause()))
                .params(visible.params())
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, n) -> new ComplaintCounts(
                        rs.getString("k"),
                        rs.getLong("opened"),
                        rs.getLong("resolved"),
                        rs.getLong("within"),
                        rs.getLong("due_or_resolved"),
                        rs.getBigDecimal("mean_hours")))
                .list();
    }

    /** Per period with purchases: buyers, those with 2+ purchases, the previous period's buyers and who of them came back. */
    List<PurchaseCounts> purchases(Instant from, Instant to, Period period, SqlCondition visible) {
        String unit = period.unit;
        return jdbc.sql("""
                with buyers as (
                  select customer_id, date_trunc('%1$s', occurred_at at time zone 'UTC') as bucket, count(*) as n
                  from purchase_fact
                  where occurred_at >= cast(:from as timestamptz) - interval '1 %1$s' and occurred_at < :to
                    and %2$s
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
                from periods p order by p.bucket""".formatted(unit, visible.clause()))
                .params(visible.params())
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, n) -> new PurchaseCounts(
                        rs.getString("k"),
                        rs.getLong("buyers"),
                        rs.getLong("repeaters"),
                        rs.getLong("previous"),
                        rs.getLong("retained")))
                .list();
    }
}
