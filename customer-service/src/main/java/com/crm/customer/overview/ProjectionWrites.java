package com.crm.customer.overview;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * One consumer batch's projection writes, already resolved to live customers, for {@link ProjectionRepository#write}
 * to apply with one statement per table. Of a "latest state" group (tier, scores, stage, a segment membership, contact
 * state, channel preference, a survey kind's score, points balance, level) only the newest per customer is kept, as
 * the per-event upserts guarded by the group's time would leave it: a later write of the same time wins.
 */
final class ProjectionWrites {

    record SegmentKey(UUID segmentId, UUID customerId) {}

    record Membership(String name, boolean member, Instant at) {}

    record Interaction(
            UUID interactionId,
            UUID customerId,
            String channel,
            String direction,
            String type,
            String purpose,
            String outcome,
            Instant occurredAt,
            Integer durationSeconds,
            String agentId,
            String campaignId,
            boolean purchaseIntent) {}

    record ContactState(String lastContacts, String nextDue, String policyWindows, Instant at) {}

    record Preference(String channel, Instant at) {}

    record ScoreKey(UUID customerId, String kind) {}

    record Score(Integer score, String npsCategory, UUID responseId, Instant at) {}

    enum ComplaintChange {
        OPENED,
        BREACHED,
        RESOLVED
    }

    /** A complaint opened, breached or resolved: {@code at} is when (opened, escalated, resolved). */
    record Complaint(
            ComplaintChange change,
            UUID complaintId,
            UUID customerId,
            String category,
            String severity,
            String channel,
            Instant openedAt,
            Instant dueAt,
            Instant at,
            Boolean withinSla) {}

    record Balance(long balance, Instant at) {}

    record Level(String level, Instant since, Instant at) {}

    final Map<UUID, ValueProjection.Tier> tiers = new LinkedHashMap<>();
    final Map<UUID, ValueProjection.Scores> scores = new LinkedHashMap<>();
    final Map<UUID, ValueProjection.Stage> stages = new LinkedHashMap<>();
    final Map<SegmentKey, Membership> memberships = new LinkedHashMap<>();
    final List<Interaction> interactions = new ArrayList<>();
    final Map<UUID, ContactState> contactStates = new LinkedHashMap<>();
    final Map<UUID, Preference> preferences = new LinkedHashMap<>();
    final Map<ScoreKey, Score> feedbackScores = new LinkedHashMap<>();
    /** Complaint changes, in batch order (they merge field by field, so none is dropped). */
    final List<Complaint> complaints = new ArrayList<>();

    final Map<UUID, Balance> balances = new LinkedHashMap<>();
    final Map<UUID, Level> levels = new LinkedHashMap<>();

    void tier(UUID customerId, ValueProjection.Tier tier) {
        newest(tiers, customerId, tier, ValueProjection.Tier::at);
    }

    void scores(UUID customerId, ValueProjection.Scores s) {
        newest(scores, customerId, s, ValueProjection.Scores::at);
    }

    void stage(UUID customerId, ValueProjection.Stage stage) {
        newest(stages, customerId, stage, ValueProjection.Stage::at);
    }

    void segmentMembership(UUID customerId, UUID segmentId, String name, boolean member, Instant at) {
        newest(memberships, new SegmentKey(segmentId, customerId), new Membership(name, member, at), Membership::at);
    }

    void interaction(Interaction interaction) {
        interactions.add(interaction);
    }

    void contactState(UUID customerId, String lastContacts, String nextDue, String policyWindows, Instant at) {
        newest(contactStates, customerId, new ContactState(lastContacts, nextDue, policyWindows, at), ContactState::at);
    }

    void preferredChannel(UUID customerId, String channel, Instant at) {
        newest(preferences, customerId, new Preference(channel, at), Preference::at);
    }

    void feedbackScore(UUID customerId, String kind, Integer score, String npsCategory, UUID responseId, Instant at) {
        newest(
                feedbackScores,
                new ScoreKey(customerId, kind),
                new Score(score, npsCategory, responseId, at),
                Score::at);
    }

    void complaint(Complaint change) {
        complaints.add(change);
    }

    void loyaltyBalance(UUID customerId, long balance, Instant at) {
        newest(balances, customerId, new Balance(balance, at), Balance::at);
    }

    void loyaltyLevel(UUID customerId, String level, Instant since, Instant at) {
        newest(levels, customerId, new Level(level, since, at), Level::at);
    }

    /** Keeps {@code value} unless the one kept is newer (the guard {@code stored_at <= new_at} of the upserts). */
    private static <K, V> void newest(Map<K, V> map, K key, V value, Function<V, Instant> at) {
        map.merge(key, value, (kept, next) -> at.apply(next).isBefore(at.apply(kept)) ? kept : next);
    }
}
