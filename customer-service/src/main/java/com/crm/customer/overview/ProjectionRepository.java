package com.crm.customer.overview;

import com.crm.customer.profile.MergeChain;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
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
    private final int timelineSize;

    ProjectionRepository(JdbcClient jdbc, OverviewProperties properties) {
        this.jdbc = jdbc;
        this.timelineSize = properties.timelineSize();
    }

    /**
     * Follows merges to the survivor. The customer row is locked for share, so a merge or an erasure running at the
     * same time (they lock it for update) either finished before (and its new state is read) or waits until this
     * event's transaction has written, and then re-keys or purges what it wrote.
     */
    Target resolve(UUID customerId) {
        return resolve(customerId, this::lifecycleForShare);
    }

    private static Target resolve(UUID customerId, Function<UUID, Optional<Lifecycle>> lifecycle) {
        return MergeChain.follow(customerId, lifecycle, row -> "MERGED".equals(row.status()), Lifecycle::mergedInto)
                // not (yet) a customer here: keep it under its id, the overview of an unknown id answers 404 anyway
                .map(end -> end.found() == null || "ACTIVE".equals(end.found().status())
                        ? new Live(end.id())
                        : (Target) new Gone())
                .orElseGet(Gone::new);
    }

    private record Lifecycle(String status, UUID mergedInto) {}

    /**
     * {@link #resolve} for many customers at once: each hop of the merge chains is one statement for all of them (the
     * rows locked for share in id order), so a batch with no merged customer resolves with one query.
     */
    Map<UUID, Target> resolveAll(Collection<UUID> customerIds) {
        Map<UUID, Lifecycle> rows = new HashMap<>();
        Set<UUID> looked = new HashSet<>();
        Set<UUID> next = new LinkedHashSet<>(customerIds);
        for (int hop = 0; hop < MergeChain.MAX_HOPS && !next.isEmpty(); hop++) {
            looked.addAll(next);
            record Found(UUID id, Lifecycle lifecycle) {}
            List<Found> found = jdbc.sql("""
                            select id, status, merged_into from customer where id = any(cast(:ids as uuid[]))
                            order by id for share""")
                    .param(
                            "ids",
                            new SqlArrayValue(
                                    "text", next.stream().map(UUID::toString).toArray()))
                    .query((rs, n) -> new Found(
                            rs.getObject(1, UUID.class), new Lifecycle(rs.getString(2), rs.getObject(3, UUID.class))))
                    .list();
            next = new LinkedHashSet<>();
            for (Found f : found) {
                rows.put(f.id(), f.lifecycle());
                if ("MERGED".equals(f.lifecycle().status())
                        && f.lifecycle().mergedInto() != null
                        && !looked.contains(f.lifecycle().mergedInto())) {
                    next.add(f.lifecycle().mergedInto());
                }
            }
        }
        Map<UUID, Target> targets = new HashMap<>();
        for (UUID id : customerIds) {
            // a chain longer than the hops looked up here is followed (and refused) one customer at a time
            targets.computeIfAbsent(
                    id,
                    c -> resolve(c, x -> looked.contains(x) ? Optional.ofNullable(rows.get(x)) : lifecycleForShare(x)));
        }
        return targets;
    }

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

    // ---- a consumer batch's writes, one statement per table (values travel as text arrays, cast in SQL)

    /** Applies a batch's writes: the same end state as the per-event upserts above applied one after the other. */
    void write(ProjectionWrites w) {
        writeValues(w);
        writeMemberships(w);
        writeInteractions(w);
        writeContacts(w);
        writeFeedbackScores(w);
        writeComplaints(w.complaints);
        writeLoyalty(w);
    }

    private void writeValues(ProjectionWrites w) {
        Set<UUID> ids = new LinkedHashSet<>(w.tiers.keySet());
        ids.addAll(w.scores.keySet());
        ids.addAll(w.stages.keySet());
        if (ids.isEmpty()) {
            return;
        }
        String tier = newer("v", "tier_at");
        String scores = newer("v", "scores_at");
        String stage = newer("v", "stage_at");
        jdbc.sql("""
                        insert into projected_value as v (customer_id, tier, clv, tier_at, clv_percentile, p_alive,
                          expected_purchases, rfm_recency, rfm_frequency, rfm_monetary, rfm_segment,
                          key_account_quadrant, churn_risk, scores_at, lifecycle_stage, stage_at)
                        select cast(c as uuid), tier, cast(clv as numeric), cast(tier_at as timestamptz),
                          cast(pct as numeric), cast(alive as numeric), cast(expected as numeric), cast(r as smallint),
                          cast(f as smallint), cast(m as smallint), segment, quadrant, churn,
                          cast(scores_at as timestamptz), stage, cast(stage_at as timestamptz)
                        from unnest(:c, :tier, :clv, :tierAt, :pct, :alive, :expected, :r, :f, :m, :segment, :quadrant,
                          :churn, :scoresAt, :stage, :stageAt)
                          as x(c, tier, clv, tier_at, pct, alive, expected, r, f, m, segment, quadrant, churn,
                            scores_at, stage, stage_at)
                        on conflict (customer_id) do update set
                          tier = case when %1$s then excluded.tier else v.tier end,
                          clv = case when %1$s then excluded.clv else v.clv end,
                          tier_at = case when %1$s then excluded.tier_at else v.tier_at end,
                          clv_percentile = case when %2$s then excluded.clv_percentile else v.clv_percentile end,
                          p_alive = case when %2$s then excluded.p_alive else v.p_alive end,
                          expected_purchases = case when %2$s then excluded.expected_purchases
                            else v.expected_purchases end,
                          rfm_recency = case when %2$s then excluded.rfm_recency else v.rfm_recency end,
                          rfm_frequency = case when %2$s then excluded.rfm_frequency else v.rfm_frequency end,
                          rfm_monetary = case when %2$s then excluded.rfm_monetary else v.rfm_monetary end,
                          rfm_segment = case when %2$s then excluded.rfm_segment else v.rfm_segment end,
                          key_account_quadrant = case when %2$s then excluded.key_account_quadrant
                            else v.key_account_quadrant end,
                          churn_risk = case when %2$s then excluded.churn_risk else v.churn_risk end,
                          scores_at = case when %2$s then excluded.scores_at else v.scores_at end,
                          lifecycle_stage = case when %3$s then excluded.lifecycle_stage else v.lifecycle_stage end,
                          stage_at = case when %3$s then excluded.stage_at else v.stage_at end
                        where %1$s or %2$s or %3$s""".formatted(tier, scores, stage))
                .param("c", text(ids, UUID::toString))
                .param("tier", text(ids, c -> get(w.tiers, c, ValueProjection.Tier::tier)))
                .param("clv", text(ids, c -> get(w.tiers, c, ValueProjection.Tier::clv)))
                .param("tierAt", text(ids, c -> get(w.tiers, c, ValueProjection.Tier::at)))
                .param("pct", text(ids, c -> get(w.scores, c, ValueProjection.Scores::clvPercentile)))
                .param("alive", text(ids, c -> get(w.scores, c, ValueProjection.Scores::pAlive)))
                .param("expected", text(ids, c -> get(w.scores, c, ValueProjection.Scores::expectedPurchases)))
                .param("r", text(ids, c -> get(w.scores, c, ValueProjection.Scores::rfmRecency)))
                .param("f", text(ids, c -> get(w.scores, c, ValueProjection.Scores::rfmFrequency)))
                .param("m", text(ids, c -> get(w.scores, c, ValueProjection.Scores::rfmMonetary)))
                .param("segment", text(ids, c -> get(w.scores, c, ValueProjection.Scores::rfmSegment)))
                .param("quadrant", text(ids, c -> get(w.scores, c, ValueProjection.Scores::keyAccountQuadrant)))
                .param("churn", text(ids, c -> get(w.scores, c, ValueProjection.Scores::churnRisk)))
                .param("scoresAt", text(ids, c -> get(w.scores, c, ValueProjection.Scores::at)))
                .param("stage", text(ids, c -> get(w.stages, c, ValueProjection.Stage::stage)))
                .param("stageAt", text(ids, c -> get(w.stages, c, ValueProjection.Stage::at)))
                .update();
    }

    private void writeMemberships(ProjectionWrites w) {
        if (w.memberships.isEmpty()) {
            return;
        }
        List<Map.Entry<ProjectionWrites.SegmentKey, ProjectionWrites.Membership>> rows =
                List.copyOf(w.memberships.entrySet());
        jdbc.sql("""
                        insert into projected_segment_member as p (segment_id, customer_id, segment_name, member,
                          changed_at)
                        select cast(s as uuid), cast(c as uuid), name, cast(member as boolean),
                          cast(at as timestamptz)
                        from unnest(:s, :c, :name, :member, :at) as x(s, c, name, member, at)
                        on conflict (segment_id, customer_id) do update set segment_name = excluded.segment_name,
                          member = excluded.member, changed_at = excluded.changed_at
                        where p.changed_at <= excluded.changed_at""")
                .param("s", text(rows, r -> r.getKey().segmentId()))
                .param("c", text(rows, r -> r.getKey().customerId()))
                .param("name", text(rows, r -> r.getValue().name()))
                .param("member", text(rows, r -> r.getValue().member()))
                .param("at", text(rows, r -> r.getValue().at()))
                .update();
    }

    /** Inserts the interactions not known yet, then keeps only the latest {@code keep} of each customer who got one. */
    private void writeInteractions(ProjectionWrites w) {
        List<ProjectionWrites.Interaction> rows = w.interactions;
        if (rows.isEmpty()) {
            return;
        }
        List<UUID> fresh = jdbc.sql("""
                        insert into projected_interaction (interaction_id, customer_id, channel, direction, type,
                          purpose, outcome, occurred_at, duration_seconds, agent_id, campaign_id, purchase_intent)
                        select cast(id as uuid), cast(c as uuid), channel, direction, type, purpose, outcome,
                          cast(at as timestamptz), cast(duration as integer), agent, campaign,
                          cast(intent as boolean)
                        from unnest(:id, :c, :channel, :direction, :type, :purpose, :outcome, :at, :duration, :agent,
                          :campaign, :intent)
                          as x(id, c, channel, direction, type, purpose, outcome, at, duration, agent, campaign, intent)
                        on conflict (interaction_id) do nothing
                        returning customer_id""")
                .param("id", text(rows, ProjectionWrites.Interaction::interactionId))
                .param("c", text(rows, ProjectionWrites.Interaction::customerId))
                .param("channel", text(rows, ProjectionWrites.Interaction::channel))
                .param("direction", text(rows, ProjectionWrites.Interaction::direction))
                .param("type", text(rows, ProjectionWrites.Interaction::type))
                .param("purpose", text(rows, ProjectionWrites.Interaction::purpose))
                .param("outcome", text(rows, ProjectionWrites.Interaction::outcome))
                .param("at", text(rows, ProjectionWrites.Interaction::occurredAt))
                .param("duration", text(rows, ProjectionWrites.Interaction::durationSeconds))
                .param("agent", text(rows, ProjectionWrites.Interaction::agentId))
                .param("campaign", text(rows, ProjectionWrites.Interaction::campaignId))
                .param("intent", text(rows, ProjectionWrites.Interaction::purchaseIntent))
                .query(UUID.class)
                .list();
        Set<UUID> customers = new LinkedHashSet<>(fresh);
        if (customers.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        delete from projected_interaction where interaction_id in (
                          select interaction_id from (
                            select interaction_id, row_number() over (partition by customer_id
                              order by occurred_at desc, interaction_id desc) as n
                            from projected_interaction where customer_id = any(cast(:c as uuid[]))) t
                          where n > :keep)""")
                .param("c", text(customers, UUID::toString))
                .param("keep", timelineSize)
                .update();
    }

    private void writeContacts(ProjectionWrites w) {
        Set<UUID> ids = new LinkedHashSet<>(w.contactStates.keySet());
        ids.addAll(w.preferences.keySet());
        if (ids.isEmpty()) {
            return;
        }
        String state = newer("p", "state_as_of");
        String preference = newer("p", "preference_as_of");
        jdbc.sql("""
                        insert into projected_contact as p (customer_id, last_contacts, next_due, policy_windows,
                          state_as_of, preferred_channel, preference_as_of)
                        select cast(c as uuid), cast(last as jsonb), cast(due as jsonb), cast(windows as jsonb),
                          cast(state_at as timestamptz), channel, cast(preference_at as timestamptz)
                        from unnest(:c, :last, :due, :windows, :stateAt, :channel, :preferenceAt)
                          as x(c, last, due, windows, state_at, channel, preference_at)
                        on conflict (customer_id) do update set
                          last_contacts = case when %1$s then excluded.last_contacts else p.last_contacts end,
                          next_due = case when %1$s then excluded.next_due else p.next_due end,
                          policy_windows = case when %1$s then excluded.policy_windows else p.policy_windows end,
                          state_as_of = case when %1$s then excluded.state_as_of else p.state_as_of end,
                          preferred_channel = case when %2$s then excluded.preferred_channel
                            else p.preferred_channel end,
                          preference_as_of = case when %2$s then excluded.preference_as_of else p.preference_as_of end
                        where %1$s or %2$s""".formatted(state, preference))
                .param("c", text(ids, UUID::toString))
                .param("last", text(ids, c -> get(w.contactStates, c, ProjectionWrites.ContactState::lastContacts)))
                .param("due", text(ids, c -> get(w.contactStates, c, ProjectionWrites.ContactState::nextDue)))
                .param("windows", text(ids, c -> get(w.contactStates, c, ProjectionWrites.ContactState::policyWindows)))
                .param("stateAt", text(ids, c -> get(w.contactStates, c, ProjectionWrites.ContactState::at)))
                .param("channel", text(ids, c -> get(w.preferences, c, ProjectionWrites.Preference::channel)))
                .param("preferenceAt", text(ids, c -> get(w.preferences, c, ProjectionWrites.Preference::at)))
                .update();
    }

    private void writeFeedbackScores(ProjectionWrites w) {
        if (w.feedbackScores.isEmpty()) {
            return;
        }
        List<Map.Entry<ProjectionWrites.ScoreKey, ProjectionWrites.Score>> rows =
                List.copyOf(w.feedbackScores.entrySet());
        jdbc.sql("""
                        insert into projected_feedback_score as s (customer_id, kind, score, nps_category, response_id,
                          submitted_at)
                        select cast(c as uuid), kind, cast(score as integer), category, cast(response as uuid),
                          cast(at as timestamptz)
                        from unnest(:c, :kind, :score, :category, :response, :at)
                          as x(c, kind, score, category, response, at)
                        on conflict (customer_id, kind) do update set score = excluded.score,
                          nps_category = excluded.nps_category, response_id = excluded.response_id,
                          submitted_at = excluded.submitted_at
                        where s.submitted_at <= excluded.submitted_at""")
                .param("c", text(rows, r -> r.getKey().customerId()))
                .param("kind", text(rows, r -> r.getKey().kind()))
                .param("score", text(rows, r -> r.getValue().score()))
                .param("category", text(rows, r -> r.getValue().npsCategory()))
                .param("response", text(rows, r -> r.getValue().responseId()))
                .param("at", text(rows, r -> r.getValue().at()))
                .update();
    }

    /**
     * A complaint changed once in the batch is written with one statement per kind of change; one changed several
     * times (rare: opened and resolved within one batch) has its changes applied one by one, in batch order.
     */
    private void writeComplaints(List<ProjectionWrites.Complaint> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Map<UUID, Integer> perComplaint = new HashMap<>();
        changes.forEach(c -> perComplaint.merge(c.complaintId(), 1, Integer::sum));
        Map<ProjectionWrites.ComplaintChange, List<ProjectionWrites.Complaint>> once =
                new EnumMap<>(ProjectionWrites.ComplaintChange.class);
        for (ProjectionWrites.Complaint c : changes) {
            if (perComplaint.get(c.complaintId()) == 1) {
                once.computeIfAbsent(c.change(), k -> new ArrayList<>()).add(c);
            } else {
                switch (c.change()) {
                    case OPENED ->
                        complaintOpened(
                                c.customerId(),
                                c.complaintId(),
                                c.category(),
                                c.severity(),
                                c.channel(),
                                c.openedAt(),
                                c.dueAt(),
                                c.at());
                    case BREACHED ->
                        complaintBreached(
                                c.customerId(), c.complaintId(), c.category(), c.severity(), c.dueAt(), c.at());
                    case RESOLVED ->
                        complaintResolved(
                                c.customerId(),
                                c.complaintId(),
                                c.category(),
                                c.severity(),
                                c.openedAt(),
                                c.dueAt(),
                                c.at(),
                                c.withinSla());
                }
            }
        }
        once.forEach((change, rows) -> jdbc.sql(
                        switch (change) {
                            case OPENED -> """
                            insert into projected_complaint as p (complaint_id, customer_id, category, severity, channel,
                              opened_at, due_at, status, updated_at)
                            select cast(id as uuid), cast(c as uuid), category, severity, channel,
                              cast(opened as timestamptz), cast(due as timestamptz), 'OPEN', cast(at as timestamptz)
                            from unnest(:id, :c, :category, :severity, :channel, :opened, :due, :at, :within)
                              as x(id, c, category, severity, channel, opened, due, at, within)
                            on conflict (complaint_id) do update set channel = excluded.channel,
                              opened_at = coalesce(p.opened_at, excluded.opened_at),
                              due_at = coalesce(p.due_at, excluded.due_at),
                              updated_at = greatest(p.updated_at, excluded.updated_at)""";
                            case BREACHED -> """
                            insert into projected_complaint as p (complaint_id, customer_id, category, severity, due_at,
                              status, breached, escalated_at, updated_at)
                            select cast(id as uuid), cast(c as uuid), category, severity, cast(due as timestamptz),
                              'OPEN', true, cast(at as timestamptz), cast(at as timestamptz)
                            from unnest(:id, :c, :category, :severity, :channel, :opened, :due, :at, :within)
                              as x(id, c, category, severity, channel, opened, due, at, within)
                            on conflict (complaint_id) do update set breached = true,
                              escalated_at = excluded.escalated_at, due_at = coalesce(p.due_at, excluded.due_at),
                              updated_at = greatest(p.updated_at, excluded.updated_at)""";
                            case RESOLVED -> """
                            insert into projected_complaint as p (complaint_id, customer_id, category, severity,
                              opened_at, due_at, status, resolved_at, within_sla, updated_at)
                            select cast(id as uuid), cast(c as uuid), category, severity, cast(opened as timestamptz),
                              cast(due as timestamptz), 'RESOLVED', cast(at as timestamptz), cast(within as boolean),
                              cast(at as timestamptz)
                            from unnest(:id, :c, :category, :severity, :channel, :opened, :due, :at, :within)
                              as x(id, c, category, severity, channel, opened, due, at, within)
                            on conflict (complaint_id) do update set status = 'RESOLVED',
                              resolved_at = excluded.resolved_at, within_sla = excluded.within_sla,
                              opened_at = coalesce(p.opened_at, excluded.opened_at),
                              due_at = coalesce(p.due_at, excluded.due_at),
                              updated_at = greatest(p.updated_at, excluded.updated_at)""";
                        })
                .param("id", text(rows, ProjectionWrites.Complaint::complaintId))
                .param("c", text(rows, ProjectionWrites.Complaint::customerId))
                .param("category", text(rows, ProjectionWrites.Complaint::category))
                .param("severity", text(rows, ProjectionWrites.Complaint::severity))
                .param("channel", text(rows, ProjectionWrites.Complaint::channel))
                .param("opened", text(rows, ProjectionWrites.Complaint::openedAt))
                .param("due", text(rows, ProjectionWrites.Complaint::dueAt))
                .param("at", text(rows, ProjectionWrites.Complaint::at))
                .param("within", text(rows, ProjectionWrites.Complaint::withinSla))
                .update());
    }

    private void writeLoyalty(ProjectionWrites w) {
        Set<UUID> ids = new LinkedHashSet<>(w.balances.keySet());
        ids.addAll(w.levels.keySet());
        if (ids.isEmpty()) {
            return;
        }
        String balance = newer("l", "balance_at");
        String level = newer("l", "level_at");
        jdbc.sql("""
                        insert into projected_loyalty as l (customer_id, balance, balance_at, level_code, level_since,
                          level_at)
                        select cast(c as uuid), cast(balance as bigint), cast(balance_at as timestamptz), level,
                          cast(since as timestamptz), cast(level_at as timestamptz)
                        from unnest(:c, :balance, :balanceAt, :level, :since, :levelAt)
                          as x(c, balance, balance_at, level, since, level_at)
                        on conflict (customer_id) do update set
                          balance = case when %1$s then excluded.balance else l.balance end,
                          balance_at = case when %1$s then excluded.balance_at else l.balance_at end,
                          level_code = case when %2$s then excluded.level_code else l.level_code end,
                          level_since = case when %2$s then excluded.level_since else l.level_since end,
                          level_at = case when %2$s then excluded.level_at else l.level_at end
                        where %1$s or %2$s""".formatted(balance, level))
                .param("c", text(ids, UUID::toString))
                .param("balance", text(ids, c -> get(w.balances, c, ProjectionWrites.Balance::balance)))
                .param("balanceAt", text(ids, c -> get(w.balances, c, ProjectionWrites.Balance::at)))
                .param("level", text(ids, c -> get(w.levels, c, ProjectionWrites.Level::level)))
                .param("since", text(ids, c -> get(w.levels, c, ProjectionWrites.Level::since)))
                .param("levelAt", text(ids, c -> get(w.levels, c, ProjectionWrites.Level::at)))
                .update();
    }

    /** The guard of a group's upsert: the batch brings the group, and it is at least as new as the stored one. */
    private static String newer(String table, String at) {
        return "(excluded.%2$s is not null and (%1$s.%2$s is null or %1$s.%2$s <= excluded.%2$s))".formatted(table, at);
    }

    private static <K, V> Object get(Map<K, V> map, K key, Function<V, Object> field) {
        V value = map.get(key);
        return value == null ? null : field.apply(value);
    }

    /** A text array of the rows' values (null stays null; decimals written out plainly, instants as ISO-8601). */
    private static <T> SqlArrayValue text(Collection<T> rows, Function<T, Object> value) {
        return new SqlArrayValue(
                "text",
                rows.stream()
                        .map(r -> {
                            Object v = value.apply(r);
                            return v == null ? null : v instanceof BigDecimal d ? d.toPlainString() : v.toString();
                        })
                        .toArray());
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
