package com.crm.customer.consent;

import com.crm.contracts.events.ActorRef;
import com.crm.support.paging.KeysetCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Consent decisions by purpose, subscriptions and their history. */
@Repository
class ConsentRepository {

    private static final String PURPOSE_COLUMNS = """
            customer_id, purpose, channel, status, legal_basis, source, evidence, expires_at, changed_at, recorded_at,
            actor_kind, actor_id""";

    /** A customer's decision with the customer it belongs to. */
    record Held(UUID customerId, PurposeConsent consent) {}

    private final JdbcClient jdbc;

    ConsentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the customer's row (consent changes of one customer queue, as profile changes do) and answers its
     * status, or empty when there is no such customer.
     */
    Optional<String> lockCustomer(UUID customerId) {
        return jdbc.sql("select status from customer where id = :id for update")
                .param("id", customerId)
                .query(String.class)
                .optional();
    }

    Optional<String> customerStatus(UUID customerId) {
        return jdbc.sql("select status from customer where id = :id")
                .param("id", customerId)
                .query(String.class)
                .optional();
    }

    List<PurposeConsent> purposes(UUID customerId) {
        return jdbc.sql("select " + PURPOSE_COLUMNS
                        + " from consent_purpose where customer_id = :id order by purpose, channel")
                .param("id", customerId)
                .query((rs, n) -> purpose(rs))
                .list();
    }

    List<Held> purposesOf(Collection<UUID> customerIds) {
        return jdbc.sql("select " + PURPOSE_COLUMNS + " from consent_purpose where customer_id = any(:ids)")
                .param("ids", customerIds.toArray(UUID[]::new))
                .query((rs, n) -> new Held(rs.getObject("customer_id", UUID.class), purpose(rs)))
                .list();
    }

    Optional<PurposeConsent> findPurpose(UUID customerId, Purpose purpose, String channel) {
        return jdbc.sql("select " + PURPOSE_COLUMNS
                        + " from consent_purpose where customer_id = :id and purpose = :purpose and channel = :channel")
                .param("id", customerId)
                .param("purpose", purpose.name())
                .param("channel", channel)
                .query((rs, n) -> purpose(rs))
                .optional();
    }

    void savePurpose(UUID customerId, PurposeConsent c) {
        jdbc.sql("""
                        insert into consent_purpose (customer_id, purpose, channel, status, legal_basis, source, evidence,
                            expires_at, changed_at, recorded_at, actor_kind, actor_id)
                        values (:id, :purpose, :channel, :status, :basis, :source, :evidence, :expiresAt, :changedAt,
                            :recordedAt, :actorKind, :actorId)
                        on conflict (customer_id, purpose, channel) do update set status = excluded.status,
                            legal_basis = excluded.legal_basis, source = excluded.source, evidence = excluded.evidence,
                            expires_at = excluded.expires_at, changed_at = excluded.changed_at,
                            recorded_at = excluded.recorded_at, actor_kind = excluded.actor_kind,
                            actor_id = excluded.actor_id""")
                .param("id", customerId)
                .param("purpose", c.purpose().name())
                .param("channel", c.channel())
                .param("status", c.status().name())
                .param("basis", c.legalBasis().name())
                .param("source", c.source())
                .param("evidence", c.evidence())
                .param("expiresAt", ts(c.expiresAt()))
                .param("changedAt", ts(c.changedAt()))
                .param("recordedAt", ts(c.recordedAt()))
                .param("actorKind", c.actor() == null ? null : c.actor().kind())
                .param("actorId", c.actor() == null ? null : c.actor().id())
                .update();
    }

    void appendHistory(UUID customerId, ConsentHistoryEntry e) {
        jdbc.sql("""
                        insert into consent_history (id, customer_id, kind, subject, channel, status, previous_status,
                            legal_basis, source, evidence, expires_at, changed_at, recorded_at, actor_kind, actor_id)
                        values (:id, :customerId, :kind, :subject, :channel, :status, :previous, :basis, :source,
                            :evidence, :expiresAt, :changedAt, :recordedAt, :actorKind, :actorId)""")
                .param("id", e.id())
                .param("customerId", customerId)
                .param("kind", e.kind())
                .param("subject", e.subject())
                .param("channel", e.channel())
                .param("status", e.status())
                .param("previous", e.previousStatus())
                .param("basis", e.legalBasis() == null ? null : e.legalBasis().name())
                .param("source", e.source())
                .param("evidence", e.evidence())
                .param("expiresAt", ts(e.expiresAt()))
                .param("changedAt", ts(e.changedAt()))
                .param("recordedAt", ts(e.recordedAt()))
                .param("actorKind", e.actor() == null ? null : e.actor().kind())
                .param("actorId", e.actor() == null ? null : e.actor().id())
                .update();
    }

    /** Newest first; {@code limit + 1} rows so that the caller knows whether more follow. */
    List<ConsentHistoryEntry> history(UUID customerId, KeysetCursor after, int limit) {
        String page = after == null ? "" : " and (recorded_at, id) < (:afterAt, :afterId)";
        JdbcClient.StatementSpec spec = jdbc.sql("select id, kind, subject, channel, status, previous_status,"
                        + " legal_basis, source, evidence, expires_at, changed_at, recorded_at, actor_kind, actor_id"
                        + " from consent_history where customer_id = :id" + page
                        + " order by recorded_at desc, id desc limit :limit")
                .param("id", customerId)
                .param("limit", limit + 1);
        if (after != null) {
            spec = spec.param("afterAt", ts(after.at())).param("afterId", after.id());
        }
        return spec.query((rs, n) -> new ConsentHistoryEntry(
                        rs.getObject("id", UUID.class),
                        rs.getString("kind"),
                        rs.getString("subject"),
                        rs.getString("channel"),
                        rs.getString("status"),
                        rs.getString("previous_status"),
                        rs.getString("legal_basis") == null ? null : LegalBasis.valueOf(rs.getString("legal_basis")),
                        rs.getString("source"),
                        rs.getString("evidence"),
                        instant(rs, "expires_at"),
                        instant(rs, "changed_at"),
                        instant(rs, "recorded_at"),
                        actor(rs)))
                .list();
    }

    /**
     * Marks up to {@code limit} grants whose expiry has passed as EXPIRED (as of their expiry) and answers them;
     * rows another instance is lapsing are skipped, so replicas can sweep side by side.
     */
    List<Held> lapse(Instant now, int limit) {
        return jdbc.sql("""
                        update consent_purpose p set status = 'EXPIRED', changed_at = p.expires_at, recorded_at = :now,
                            actor_kind = null, actor_id = null
                        from (select customer_id, purpose, channel from consent_purpose
                              where status = 'GRANTED' and expires_at <= :now
                              order by expires_at limit :limit for update skip locked) due
                        where p.customer_id = due.customer_id and p.purpose = due.purpose and p.channel = due.channel
                        returning p.customer_id, p.purpose, p.channel, p.status, p.legal_basis, p.source, p.evidence,
                            p.expires_at, p.changed_at, p.recorded_at, p.actor_kind, p.actor_id""")
                .param("now", ts(now))
                .param("limit", limit)
                .query((rs, n) -> new Held(rs.getObject("customer_id", UUID.class), purpose(rs)))
                .list();
    }

    List<Subscription> subscriptions(UUID customerId, boolean withArchived) {
        return jdbc.sql("""
                        select t.key, t.name, t.purpose, t.channel, s.status, s.source, s.changed_at, s.recorded_at,
                            s.actor_kind, s.actor_id
                        from subscription_type t
                        left join customer_subscription s on s.subscription_type = t.key and s.customer_id = :id
                        where (not t.archived or s.status is not null or :withArchived)
                        order by t.key""")
                .param("id", customerId)
                .param("withArchived", withArchived)
                .query((rs, n) -> new Subscription(
                        rs.getString("key"),
                        rs.getString("name"),
                        Purpose.valueOf(rs.getString("purpose")),
                        rs.getString("channel"),
                        rs.getString("status") == null
                                ? SubscriptionStatus.NOT_SPECIFIED
                                : SubscriptionStatus.valueOf(rs.getString("status")),
                        rs.getString("source"),
                        instant(rs, "changed_at"),
                        instant(rs, "recorded_at"),
                        actor(rs)))
                .list();
    }

    /** Every recorded choice of these customers, for merges. */
    List<HeldSubscription> subscriptionsOf(Collection<UUID> customerIds) {
        return jdbc.sql("""
                        select s.customer_id, t.key, t.name, t.purpose, t.channel, s.status, s.source, s.changed_at,
                            s.recorded_at, s.actor_kind, s.actor_id
                        from customer_subscription s join subscription_type t on t.key = s.subscription_type
                        where s.customer_id = any(:ids)""")
                .param("ids", customerIds.toArray(UUID[]::new))
                .query((rs, n) -> new HeldSubscription(
                        rs.getObject("customer_id", UUID.class),
                        new Subscription(
                                rs.getString("key"),
                                rs.getString("name"),
                                Purpose.valueOf(rs.getString("purpose")),
                                rs.getString("channel"),
                                SubscriptionStatus.valueOf(rs.getString("status")),
                                rs.getString("source"),
                                instant(rs, "changed_at"),
                                instant(rs, "recorded_at"),
                                actor(rs))))
                .list();
    }

    record HeldSubscription(UUID customerId, Subscription subscription) {}

    void saveSubscription(UUID customerId, Subscription s) {
        jdbc.sql("""
                        insert into customer_subscription (customer_id, subscription_type, status, source, changed_at,
                            recorded_at, actor_kind, actor_id)
                        values (:id, :type, :status, :source, :changedAt, :recordedAt, :actorKind, :actorId)
                        on conflict (customer_id, subscription_type) do update set status = excluded.status,
                            source = excluded.source, changed_at = excluded.changed_at,
                            recorded_at = excluded.recorded_at, actor_kind = excluded.actor_kind,
                            actor_id = excluded.actor_id""")
                .param("id", customerId)
                .param("type", s.subscriptionType())
                .param("status", s.status().name())
                .param("source", s.source())
                .param("changedAt", ts(s.changedAt()))
                .param("recordedAt", ts(s.recordedAt()))
                .param("actorKind", s.actor() == null ? null : s.actor().kind())
                .param("actorId", s.actor() == null ? null : s.actor().id())
                .update();
    }

    /** An erasure: decisions, choices and their history (evidence may identify the person) go. */
    void purge(UUID customerId) {
        jdbc.sql("delete from consent_history where customer_id = :id")
                .param("id", customerId)
                .update();
        jdbc.sql("delete from customer_subscription where customer_id = :id")
                .param("id", customerId)
                .update();
        jdbc.sql("delete from consent_purpose where customer_id = :id")
                .param("id", customerId)
                .update();
    }

    private static PurposeConsent purpose(ResultSet rs) throws SQLException {
        return new PurposeConsent(
                Purpose.valueOf(rs.getString("purpose")),
                rs.getString("channel"),
                PurposeStatus.valueOf(rs.getString("status")),
                LegalBasis.valueOf(rs.getString("legal_basis")),
                rs.getString("source"),
                rs.getString("evidence"),
                instant(rs, "expires_at"),
                instant(rs, "changed_at"),
                instant(rs, "recorded_at"),
                actor(rs));
    }

    private static ActorRef actor(ResultSet rs) throws SQLException {
        String kind = rs.getString("actor_kind");
        return kind == null ? null : new ActorRef(kind, rs.getString("actor_id"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
