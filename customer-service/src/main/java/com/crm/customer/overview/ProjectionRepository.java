package com.crm.customer.overview;

import com.crm.customer.profile.MergeChain;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes the projections of the other services' events. Every "latest state" write is an upsert guarded by the
 * event time of its group ({@code where stored_at is null or stored_at <= new_at}): applying events in any order
 * ends in the newest state, and merges reuse the same writes to combine two customers (newest wins).
 */
@Repository
class ProjectionRepository {

    /** Where an event for {@code customerId} belongs: a live customer (the survivor of merges), or nowhere. */
    sealed interface Target {}

    record Live(UUID customerId) implements Target {}

    /** Deleted or erased: nothing about them is kept. */
    record Gone() implements Target {}

    private final JdbcClient jdbc;

    ProjectionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Follows merges to the survivor. The customer row is locked for share, so a merge or an erasure running at the
     * same time (they lock it for update) either finished before (and its new state is read) or waits until this
     * event's transaction has written, and then re-keys or purges what it wrote.
     */
    Target resolve(UUID customerId) {
        return MergeChain.follow(
                        customerId,
                        this::lifecycleForShare,
                        row -> "MERGED".equals(row.status()),
                        Lifecycle::mergedInto)
                // not (yet) a customer here: keep it under its id, the overview of an unknown id answers 404 anyway
                .map(end -> end.found() == null || "ACTIVE".equals(end.found().status())
                        ? new Live(end.id())
                        : (Target) new Gone())
                .orElseGet(Gone::new);
    }

    private record Lifecycle(String status, UUID mergedInto) {}

    private Optional<Lifecycle> lifecycleForShare(UUID id) {
        return jdbc.sql("select status, merged_into from customer where id = :id for share")
                .param("id", id)
                .query((rs, n) -> new Lifecycle(rs.getString(1), rs.getObject(2, UUID.class)))
                .optional();
    }

    // ---- value (crm.segmentation.v1)

    void tier(UUID customerId, ValueProjection.Tier t) {
        jdbc.sql("""
                        insert into projected_value (customer_id, tier, clv, tier_at) values (:c, :tier, :clv, :at)
                        on conflict (customer_id) do update set tier = excluded.tier, clv = excluded.clv,
                          tier_at = excluded.tier_at
                        where projected_value.tier_at is null or projected_value.tier_at <= excluded.tier_at""")
                .param("c", customerId)
                .param("tier", t.tier())
                .param("clv", t.clv())
                .param("at", ts(t.at()))
                .update();
    }

    void scores(UUID customerId, ValueProjection.Scores s) {
        jdbc.sql("""
                        insert into projected_value (customer_id, clv_percentile, p_alive, expected_purchases, rfm_recency,
                          rfm_frequency, rfm_monetary, rfm_segment, key_account_quadrant, churn_risk, scores_at)
                        values (:c, :pct, :alive, :expected, :r, :f, :m, :segment, :quadrant, :churn, :at)
                        on conflict (customer_id) do update set clv_percentile = excluded.clv_percentile,
                          p_alive = excluded.p_alive, expected_purchases = excluded.expected_purchases,
                          rfm_recency = excluded.rfm_recency, rfm_frequency = excluded.rfm_frequency,
                          rfm_monetary = excluded.rfm_monetary, rfm_segment = excluded.rfm_segment,
                          key_account_quadrant = excluded.key_account_quadrant, churn_risk = excluded.churn_risk,
                          scores_at = excluded.scores_at
                        where projected_value.scores_at is null or projected_value.scores_at <= excluded.scores_at""")
                .param("c", customerId)
                .param("pct", s.clvPercentile())
                .param("alive", s.pAlive())
                .param("expected", s.expectedPurchases())
                .param("r", s.rfmRecency())
                .param("f", s.rfmFrequency())
                .param("m", s.rfmMonetary())
                .param("segment", s.rfmSegment())
                .param("quadrant", s.keyAccountQuadrant())
                .param("churn", s.churnRisk())
                .param("at", ts(s.at()))
                .update();
    }

    void stage(UUID customerId, ValueProjection.Stage s) {
        jdbc.sql("""
                        insert into projected_value (customer_id, lifecycle_stage, stage_at) values (:c, :stage, :at)
                        on conflict (customer_id) do update set lifecycle_stage = excluded.lifecycle_stage,
                          stage_at = excluded.stage_at
                        where projected_value.stage_at is null or projected_value.stage_at <= excluded.stage_at""")
                .param("c", customerId)
                .param("stage", s.stage())
                .param("at", ts(s.at()))
                .update();
    }

    List<ValueProjection.Row> values(List<UUID> customerIds) {
        return jdbc.sql("select * from projected_value where customer_id in (:ids)")
                .param("ids", customerIds)
                .query((rs, n) -> new ValueProjection.Row(
                        new ValueProjection.Tier(rs.getString("tier"), rs.getBigDecimal("clv"), instant(rs, "tier_at")),
                        new ValueProjection.Scores(
                                rs.getBigDecimal("clv_percentile"),
                                rs.getBigDecimal("p_alive"),
                                rs.getBigDecimal("expected_purchases"),
                                smallint(rs, "rfm_recency"),
                                smallint(rs, "rfm_frequency"),
                                smallint(rs, "rfm_monetary"),
                                rs.getString("rfm_segment"),
                                rs.getString("key_account_quadrant"),
                                rs.getString("churn_risk"),
                                instant(rs, "scores_at")),
                        new ValueProjection.Stage(rs.getString("lifecycle_stage"), instant(rs, "stage_at"))))
                .list();
    }

    void segmentMembership(UUID customerId, UUID segmentId, String name, boolean member, Instant at) {
        jdbc.sql("""
                        insert into projected_segment_member (segment_id, customer_id, segment_name, member, changed_at)
                        values (:s, :c, :name, :member, :at)
                        on conflict (segment_id, customer_id) do update set segment_name = excluded.segment_name,
                          member = excluded.member, changed_at = excluded.changed_at
                        where projected_segment_member.changed_at <= excluded.changed_at""")
                .param("s", segmentId)
                .param("c", customerId)
                .param("name", name)
                .param("member", member)
                .param("at", ts(at))
                .update();
    }

    // ---- contact state (crm.interaction.v1)

    void contactState(UUID customerId, String lastContacts, String nextDue, String policyWindows, Instant at) {
        jdbc.sql("""
                        insert into projected_contact (customer_id, last_contacts, next_due, policy_windows, state_as_of)
                        values (:c, cast(:last as jsonb), cast(:due as jsonb), cast(:windows as jsonb), :at)
                        on conflict (customer_id) do update set last_contacts = excluded.last_contacts,
                          next_due = excluded.next_due, policy_windows = excluded.policy_windows,
                          state_as_of = excluded.state_as_of
                        where projected_contact.state_as_of is null or projected_contact.state_as_of <= excluded.state_as_of""")
                .param("c", customerId)
                .param("last", lastContacts)
                .param("due", nextDue)
                .param("windows", policyWindows)
                .param("at", ts(at))
                .update();
    }

    void preferredChannel(UUID customerId, String channel, Instant at) {
        jdbc.sql("""
                        insert into projected_contact (customer_id, preferred_channel, preference_as_of)
                        values (:c, :channel, :at)
                        on conflict (customer_id) do update set preferred_channel = excluded.preferred_channel,
                          preference_as_of = excluded.preference_as_of
                        where projected_contact.preference_as_of is null
                           or projected_contact.preference_as_of <= excluded.preference_as_of""")
                .param("c", customerId)
                .param("channel", channel)
                .param("at", ts(at))
                .update();
    }

    // ---- loyalty (crm.loyalty.v1)

    void loyaltyBalance(UUID customerId, long balance, Instant at) {
        jdbc.sql("""
                        insert into projected_loyalty (customer_id, balance, balance_at) values (:c, :balance, :at)
                        on conflict (customer_id) do update set balance = excluded.balance,
                          balance_at = excluded.balance_at
                        where projected_loyalty.balance_at is null or projected_loyalty.balance_at <= excluded.balance_at""")
                .param("c", customerId)
                .param("balance", balance)
                .param("at", ts(at))
                .update();
    }

    void loyaltyLevel(UUID customerId, String level, Instant since, Instant at) {
        jdbc.sql("""
                        insert into projected_loyalty (customer_id, level_code, level_since, level_at)
                        values (:c, :level, :since, :at)
                        on conflict (customer_id) do update set level_code = excluded.level_code,
                          level_since = excluded.level_since, level_at = excluded.level_at
                        where projected_loyalty.level_at is null or projected_loyalty.level_at <= excluded.level_at""")
                .param("c", customerId)
                .param("level", level)
                .param("since", ts(since))
                .param("at", ts(at))
                .update();
    }

    /** Inserts the interaction once and keeps only the customer's latest {@code keep}. */
    void interaction(
            UUID customerId,
            UUID interactionId,
            String channel,
            String direction,
            String type,
            String purpose,
            String outcome,
            Instant occurredAt,
            Integer durationSeconds,
            String agentId,
            String campaignId,
            boolean purchaseIntent,
            int keep) {
        int inserted = jdbc.sql("""
                        insert into projected_interaction (interaction_id, customer_id, channel, direction, type, purpose,
                          outcome, occurred_at, duration_seconds, agent_id, campaign_id, purchase_intent)
                        values (:id, :c, :channel, :direction, :type, :purpose, :outcome, :at, :duration, :agent,
                          :campaign, :intent)
                        on conflict (interaction_id) do nothing""")
                .param("id", interactionId)
                .param("c", customerId)
                .param("channel", channel)
                .param("direction", direction)
                .param("type", type)
                .param("purpose", purpose)
                .param("outcome", outcome)
                .param("at", ts(occurredAt))
                .param("duration", durationSeconds)
                .param("agent", agentId)
                .param("campaign", campaignId)
                .param("intent", purchaseIntent)
                .update();
        if (inserted == 1) {
            trimTimeline(customerId, keep);
        }
    }

    private void trimTimeline(UUID customerId, int keep) {
        jdbc.sql("""
                        delete from projected_interaction where interaction_id in (
                          select interaction_id from projected_interaction where customer_id = :c
                          order by occurred_at desc, interaction_id desc offset :keep)""").param("c", customerId).param("keep", keep).update();
    }

    // ---- voice (crm.feedback.v1)

    void feedbackScore(
            UUID customerId, String kind, Integer score, String npsCategory, UUID responseId, Instant submittedAt) {
        jdbc.sql("""
                        insert into projected_feedback_score (customer_id, kind, score, nps_category, response_id,
                          submitted_at)
                        values (:c, :kind, :score, :category, :response, :at)
                        on conflict (customer_id, kind) do update set score = excluded.score,
                          nps_category = excluded.nps_category, response_id = excluded.response_id,
                          submitted_at = excluded.submitted_at
                        where projected_feedback_score.submitted_at <= excluded.submitted_at""")
                .param("c", customerId)
                .param("kind", kind)
                .param("score", score)
                .param("category", npsCategory)
                .param("response", responseId)
                .param("at", ts(submittedAt))
                .update();
    }

    /** Opened: a complaint already known (its resolution or breach came first) keeps its status. */
    void complaintOpened(
            UUID customerId,
            UUID complaintId,
            String category,
            String severity,
            String channel,
            Instant openedAt,
            Instant dueAt,
            Instant at) {
        jdbc.sql("""
                        insert into projected_complaint (complaint_id, customer_id, category, severity, channel, opened_at,
                          due_at, status, updated_at)
                        values (:id, :c, :category, :severity, :channel, :opened, :due, 'OPEN', :at)
                        on conflict (complaint_id) do update set channel = excluded.channel,
                          opened_at = coalesce(projected_complaint.opened_at, excluded.opened_at),
                          due_at = coalesce(projected_complaint.due_at, excluded.due_at),
                          updated_at = greatest(projected_complaint.updated_at, excluded.updated_at)""")
                .param("id", complaintId)
                .param("c", customerId)
                .param("category", category)
                .param("severity", severity)
                .param("channel", channel)
                .param("opened", ts(openedAt))
                .param("due", ts(dueAt))
                .param("at", ts(at))
                .update();
    }

    void complaintBreached(
            UUID customerId, UUID complaintId, String category, String severity, Instant dueAt, Instant escalatedAt) {
        jdbc.sql("""
                        insert into projected_complaint (complaint_id, customer_id, category, severity, due_at, status,
                          breached, escalated_at, updated_at)
                        values (:id, :c, :category, :severity, :due, 'OPEN', true, :at, :at)
                        on conflict (complaint_id) do update set breached = true, escalated_at = excluded.escalated_at,
                          due_at = coalesce(projected_complaint.due_at, excluded.due_at),
                          updated_at = greatest(projected_complaint.updated_at, excluded.updated_at)""")
                .param("id", complaintId)
                .param("c", customerId)
                .param("category", category)
                .param("severity", severity)
                .param("due", ts(dueAt))
                .param("at", ts(escalatedAt))
                .update();
    }

    void complaintResolved(
            UUID customerId,
            UUID complaintId,
            String category,
            String severity,
            Instant openedAt,
            Instant dueAt,
            Instant resolvedAt,
            boolean withinSla) {
        jdbc.sql("""
                        insert into projected_complaint (complaint_id, customer_id, category, severity, opened_at, due_at,
                          status, resolved_at, within_sla, updated_at)
                        values (:id, :c, :category, :severity, :opened, :due, 'RESOLVED', :at, :within, :at)
                        on conflict (complaint_id) do update set status = 'RESOLVED', resolved_at = excluded.resolved_at,
                          within_sla = excluded.within_sla,
                          opened_at = coalesce(projected_complaint.opened_at, excluded.opened_at),
                          due_at = coalesce(projected_complaint.due_at, excluded.due_at),
                          updated_at = greatest(projected_complaint.updated_at, excluded.updated_at)""")
                .param("id", complaintId)
                .param("c", customerId)
                .param("category", category)
                .param("severity", severity)
                .param("opened", ts(openedAt))
                .param("due", ts(dueAt))
                .param("at", ts(resolvedAt))
                .param("within", withinSla)
                .update();
    }

    // ---- merge and erasure

    /** Moves everything the merged customers had to the survivor; where both had a state, the newest wins. */
    void moveToSurvivor(List<UUID> merged, UUID survivor, int timelineSize) {
        for (ValueProjection.Row row : values(merged)) {
            if (row.tier().at() != null) {
                tier(survivor, row.tier());
            }
            if (row.scores().at() != null) {
                scores(survivor, row.scores());
            }
            if (row.stage().at() != null) {
                stage(survivor, row.stage());
            }
        }
        jdbc.sql("delete from projected_value where customer_id in (:m)")
                .param("m", merged)
                .update();

        record Membership(UUID segmentId, String name, boolean member, Instant at) {}
        jdbc.sql("""
                        select segment_id, segment_name, member, changed_at from projected_segment_member
                        where customer_id in (:m)""")
                .param("m", merged)
                .query((rs, n) -> new Membership(
                        rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3), instant(rs, "changed_at")))
                .list()
                .forEach(m -> segmentMembership(survivor, m.segmentId(), m.name(), m.member(), m.at()));
        jdbc.sql("delete from projected_segment_member where customer_id in (:m)")
                .param("m", merged)
                .update();

        record Contact(
                String lastContacts,
                String nextDue,
                String policyWindows,
                Instant stateAsOf,
                String preferred,
                Instant preferenceAsOf) {}
        jdbc.sql("""
                        select cast(last_contacts as text), cast(next_due as text), cast(policy_windows as text),
                          state_as_of, preferred_channel, preference_as_of
                        from projected_contact where customer_id in (:m)""")
                .param("m", merged)
                .query((rs, n) -> new Contact(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        instant(rs, "state_as_of"),
                        rs.getString("preferred_channel"),
                        instant(rs, "preference_as_of")))
                .list()
                .forEach(c -> {
                    if (c.stateAsOf() != null) {
                        contactState(survivor, c.lastContacts(), c.nextDue(), c.policyWindows(), c.stateAsOf());
                    }
                    if (c.preferenceAsOf() != null) {
                        preferredChannel(survivor, c.preferred(), c.preferenceAsOf());
                    }
                });
        jdbc.sql("delete from projected_contact where customer_id in (:m)")
                .param("m", merged)
                .update();

        record Score(String kind, Integer score, String category, UUID responseId, Instant at) {}
        jdbc.sql("""
                        select kind, score, nps_category, response_id, submitted_at from projected_feedback_score
                        where customer_id in (:m)""")
                .param("m", merged)
                .query((rs, n) -> new Score(
                        rs.getString(1),
                        (Integer) rs.getObject(2),
                        rs.getString(3),
                        rs.getObject(4, UUID.class),
                        instant(rs, "submitted_at")))
                .list()
                .forEach(f -> feedbackScore(survivor, f.kind(), f.score(), f.category(), f.responseId(), f.at()));
        jdbc.sql("delete from projected_feedback_score where customer_id in (:m)")
                .param("m", merged)
                .update();

        jdbc.sql("update projected_complaint set customer_id = :s where customer_id in (:m)")
                .param("s", survivor)
                .param("m", merged)
                .update();
        jdbc.sql("update projected_interaction set customer_id = :s where customer_id in (:m)")
                .param("s", survivor)
                .param("m", merged)
                .update();
        trimTimeline(survivor, timelineSize);

        // loyalty-service combines the members and reports the survivor's new balance; until then the survivor shows
        // what it had, or the merged-away member's state when it had none
        jdbc.sql("""
                        insert into projected_loyalty (customer_id, balance, balance_at, level_code, level_since, level_at)
                        select :s, balance, balance_at, level_code, level_since, level_at from projected_loyalty
                        where customer_id in (:m) order by balance_at desc nulls last limit 1
                        on conflict (customer_id) do nothing""").param("s", survivor).param("m", merged).update();
        jdbc.sql("delete from projected_loyalty where customer_id in (:m)")
                .param("m", merged)
                .update();
    }

    /** Forgets everything projected about the customer (erasure, deletion). */
    void purge(UUID customerId) {
        for (String table : List.of(
                "projected_value",
                "projected_segment_member",
                "projected_contact",
                "projected_interaction",
                "projected_feedback_score",
                "projected_complaint",
                "projected_loyalty")) {
            jdbc.sql("delete from " + table + " where customer_id = :c")
                    .param("c", customerId)
                    .update();
        }
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static Short smallint(ResultSet rs, String column) throws SQLException {
        short value = rs.getShort(column);
        return rs.wasNull() ? null : value;
    }

    static BigDecimal decimal(String value) {
        return value == null || value.isBlank() ? null : new BigDecimal(value.trim());
    }
}
