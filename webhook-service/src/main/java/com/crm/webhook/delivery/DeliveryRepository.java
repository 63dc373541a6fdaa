package com.crm.webhook.delivery;

import com.crm.support.paging.KeysetCursor;
import com.crm.webhook.delivery.DeliveryLog.AttemptView;
import com.crm.webhook.delivery.DeliveryLog.DeliveryView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Deliveries and their attempts: queued by the intake, claimed and recorded by the worker, read by the log. */
@Repository
class DeliveryRepository {

    /** A delivery as read, with its stored payload and the time its list is ordered by. */
    record Row(DeliveryView view, String payload, Instant sortAt) {}

    /** A delivery leased for one send. */
    record Claimed(
            UUID id,
            UUID subscriptionId,
            String owner,
            String eventType,
            String payload,
            int attempts,
            Instant retryFrom) {}

    /**
     * Limits a query over deliveries {@code d} to those whose subscription belongs to {@code :owner}, or to none
     * when it is null (an admin: all).
     */
    static final String OWNED = "(cast(:owner as varchar) is null or exists (select 1 from webhook_subscription o "
            + "where o.id = d.subscription_id and o.created_by = cast(:owner as varchar)))";

    private final JdbcClient jdbc;

    DeliveryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues a delivery of the event to the subscription, once: a second one for the same event adds nothing. */
    void insertPending(
            UUID subscription, String eventId, String type, String customerKey, String payload, Instant now) {
        jdbc.sql("""
                insert into webhook_delivery (id, subscription_id, event_id, event_type, customer_key, payload,
                    status, created_at, retry_from, next_attempt_at)
                values (:id, :subscription, :event, :type, :customer, :payload, 'PENDING', :now, :now, :now)
                on conflict (subscription_id, event_id) do nothing""")
                .param("id", UUID.randomUUID())
                .param("subscription", subscription)
                .param("event", eventId)
                .param("type", type)
                .param("customer", customerKey)
                .param("payload", payload)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Queues a delivery with a fresh id (a ping), which is returned. */
    UUID insertNew(UUID subscription, String eventId, String type, String customerKey, String payload, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into webhook_delivery (id, subscription_id, event_id, event_type, customer_key, payload, status,
                    created_at, retry_from, next_attempt_at)
                values (:id, :subscription, :event, :type, :key, :payload, 'PENDING', :now, :now, :now)""")
                .param("id", id)
                .param("subscription", subscription)
                .param("event", eventId)
                .param("type", type)
                .param("key", customerKey)
                .param("payload", payload)
                .param("now", Timestamp.from(now))
                .update();
        return id;
    }

    void moveCustomer(String merged, String survivor) {
        jdbc.sql("update webhook_delivery set customer_key = :survivor where customer_key = :merged")
                .param("survivor", survivor)
                .param("merged", merged)
                .update();
    }

    /** Drops the customer's stored payloads; undelivered deliveries become PURGED. @return how many */
    int purgePayloads(String customerKey) {
        return jdbc.sql("""
                update webhook_delivery set payload = null, next_attempt_at = null,
                    status = case when status in ('PENDING', 'DEAD') then 'PURGED' else status end
                where customer_key = :c and payload is not null""").param("c", customerKey).update();
    }

    /**
     * Drops the customer's undelivered deliveries (pending, or dead and so replayable) to third-party subscriptions:
     * PURGED without their payload, {@code reason} as their last error. A send already under way is not recalled.
     *
     * @return how many
     */
    int purgeThirdParty(String customerKey, String reason) {
        return jdbc.sql("""
                update webhook_delivery d set payload = null, next_attempt_at = null, status = 'PURGED',
                    last_error = :reason
                from webhook_subscription s
                where s.id = d.subscription_id and s.third_party
                  and d.customer_key = :c and d.status in ('PENDING', 'DEAD')""").param("reason", reason).param("c", customerKey).update();
    }

    /**
     * Leases up to {@code limit} due deliveries of active subscriptions, only the oldest pending one per
     * (subscription, customer), skipping rows another replica holds and the clients in {@code saturated} (whose
     * sends fill their slots). Clients take turns: each one's due deliveries are numbered oldest first, and the
     * batch takes every client's first before anyone's second, at most {@code perClient} of one client.
     */
    List<Claimed> claim(int limit, int perClient, Collection<String> saturated, Instant now, Instant lease) {
        return jdbc.sql("""
                with candidate as (
                    select c.id, c.seq, c.next_attempt_at, coalesce(s.created_by, '') as owner
                    from webhook_delivery c join webhook_subscription s on s.id = c.subscription_id
                    where c.status = 'PENDING' and c.next_attempt_at <= :now and s.active
                      and coalesce(s.created_by, '') <> all(string_to_array(:saturated, chr(31)))
                      and not exists (select 1 from webhook_delivery e
                                      where e.subscription_id = c.subscription_id and e.customer_key = c.customer_key
                                        and e.status = 'PENDING' and e.seq < c.seq)
                    order by c.next_attempt_at, c.seq
                    limit :scan
                    for update of c skip locked),
                turn as (
                    select id, owner, next_attempt_at, seq,
                        row_number() over (partition by owner order by next_attempt_at, seq) as turn
                    from candidate),
                picked as (
                    select id, owner from turn where turn <= :perClient
                    order by turn, next_attempt_at, seq
                    limit :batch)
                update webhook_delivery d set next_attempt_at = :lease
                from picked p where d.id = p.id
                returning d.id, d.subscription_id, d.event_type, d.payload, d.attempts, d.retry_from, p.owner""")
                .param("lease", Timestamp.from(lease))
                .param("now", Timestamp.from(now))
                .param("saturated", String.join("\u001f", saturated))
                .param("scan", Math.max(limit * 4, 100))
                .param("perClient", perClient)
                .param("batch", limit)
                .query((rs, n) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        rs.getObject("subscription_id", UUID.class),
                        rs.getString("owner"),
                        rs.getString("event_type"),
                        rs.getString("payload"),
                        rs.getInt("attempts"),
                        rs.getTimestamp("retry_from").toInstant()))
                .list();
    }

    /** Gives a leased delivery back, due now (its client had no free send slot after all). */
    void release(UUID id, Instant now) {
        jdbc.sql("update webhook_delivery set next_attempt_at = :now where id = :id and status = 'PENDING'")
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    /** Logs an attempt, unless the delivery is gone (deleted with its subscription) or the attempt is logged. */
    void insertAttempt(UUID id, int attempt, Instant now, Integer statusCode, String error, long latencyMs) {
        jdbc.sql("""
                insert into webhook_attempt (delivery_id, attempt, attempted_at, status_code, error, latency_ms)
                select cast(:id as uuid), cast(:attempt as int), cast(:now as timestamptz), cast(:code as int),
                    cast(:error as varchar), cast(:latency as bigint)
                where exists (select 1 from webhook_delivery where id = cast(:id as uuid))
                on conflict do nothing""")
                .param("id", id)
                .param("attempt", attempt)
                .param("now", Timestamp.from(now))
                .param("code", statusCode)
                .param("error", error)
                .param("latency", latencyMs)
                .update();
    }

    void markDelivered(UUID id, int attempt, Instant now, Integer statusCode) {
        jdbc.sql("""
                update webhook_delivery set status = 'DELIVERED', attempts = :attempt, delivered_at = :now,
                    last_attempt_at = :now, last_status_code = :code, last_error = null, next_attempt_at = null
                where id = :id and status = 'PENDING'""")
                .param("attempt", attempt)
                .param("now", Timestamp.from(now))
                .param("code", statusCode)
                .param("id", id)
                .update();
    }

    /** A failed attempt: retried at {@code next}, or DEAD from {@code now} when there is no next. */
    void markFailed(UUID id, int attempt, Instant now, Integer statusCode, String error, Instant next) {
        jdbc.sql("""
                update webhook_delivery set status = :status, attempts = :attempt, last_attempt_at = :now,
                    last_status_code = cast(:code as int), last_error = cast(:error as varchar),
                    next_attempt_at = cast(:next as timestamptz), dead_at = cast(:dead as timestamptz)
                where id = :id and status = 'PENDING'""")
                .param("status", next == null ? DeliveryStatus.DEAD.name() : DeliveryStatus.PENDING.name())
                .param("attempt", attempt)
                .param("now", Timestamp.from(now))
                .param("code", statusCode)
                .param("error", error)
                .param("next", next == null ? null : Timestamp.from(next))
                .param("dead", next == null ? Timestamp.from(now) : null)
                .param("id", id)
                .update();
    }

    /** Deletes up to {@code batch} deliveries delivered before {@code before}, with their attempts. @return how many */
    int deleteDeliveredBefore(Instant before, int batch) {
        return jdbc.sql("""
                delete from webhook_delivery where id in (
                    select id from webhook_delivery where status = 'DELIVERED' and delivered_at < :before
                    limit :batch for update skip locked)""")
                .param("before", Timestamp.from(before))
                .param("batch", batch)
                .update();
    }

    /** Deletes up to {@code batch} dead letters that died before {@code before}, with their attempts. @return how many */
    int deleteDeadBefore(Instant before, int batch) {
        return jdbc.sql("""
                delete from webhook_delivery where id in (
                    select id from webhook_delivery where status = 'DEAD' and dead_at < :before
                    order by dead_at limit :batch for update skip locked)""")
                .param("before", Timestamp.from(before))
                .param("batch", batch)
                .update();
    }

    /**
     * Deletes up to {@code batch} pending deliveries of paused subscriptions queued before {@code before}, with their
     * attempts. @return how many
     */
    int deletePausedBefore(Instant before, int batch) {
        return jdbc.sql("""
                delete from webhook_delivery where id in (
                    select d.id from webhook_subscription s
                    join webhook_delivery d on d.subscription_id = s.id
                    where not s.active and d.status = 'PENDING' and d.created_at < :before
                    limit :batch for update of d skip locked)""")
                .param("before", Timestamp.from(before))
                .param("batch", batch)
                .update();
    }

    /** A subscription's deliveries, newest first, optionally of one status, before the cursor when given. */
    List<Row> ofSubscription(UUID subscription, DeliveryStatus status, KeysetCursor before, int limit) {
        return jdbc.sql("""
                select d.*, d.created_at as sort_at from webhook_delivery d
                where d.subscription_id = :subscription
                  and (cast(:status as varchar) is null or d.status = cast(:status as varchar))
                  and (cast(:at as timestamptz) is null or (d.created_at, d.id) < (cast(:at as timestamptz), :before))
                order by d.created_at desc, d.id desc limit :limit""")
                .param("subscription", subscription)
                .param("status", status == null ? null : status.name())
                .param("at", before == null ? null : Timestamp.from(before.at()))
                .param("before", before == null ? new UUID(0, 0) : before.id())
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    /**
     * Dead letters of {@code owner}'s subscriptions (null: all), the longest dead first, of one subscription or
     * all, after the cursor when given.
     */
    List<Row> deadLetters(String owner, UUID subscription, KeysetCursor after, int limit) {
        return jdbc.sql("""
                select d.*, d.dead_at as sort_at from webhook_delivery d
                where d.status = 'DEAD'
                  and (cast(:subscription as uuid) is null or d.subscription_id = cast(:subscription as uuid))
                  and (cast(:at as timestamptz) is null or (d.dead_at, d.id) > (cast(:at as timestamptz), :after))
                  and %s
                order by d.dead_at, d.id limit :limit""".formatted(OWNED))
                .param("owner", owner)
                .param("subscription", subscription)
                .param("at", after == null ? null : Timestamp.from(after.at()))
                .param("after", after == null ? new UUID(0, 0) : after.id())
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    /** The delivery, when its subscription belongs to {@code owner} (null: any). */
    Optional<Row> find(UUID id, String owner) {
        return jdbc.sql("select d.*, d.created_at as sort_at from webhook_delivery d where d.id = :id and " + OWNED)
                .param("id", id)
                .param("owner", owner)
                .query(this::map)
                .optional();
    }

    /** The attempts of the given deliveries, by delivery, each in attempt order. */
    Map<UUID, List<AttemptView>> attempts(Collection<UUID> deliveries) {
        return jdbc
                .sql("""
                select * from webhook_attempt where delivery_id = any(string_to_array(:ids, ',')::uuid[])
                order by delivery_id, attempt""")
                .param("ids", deliveries.stream().map(UUID::toString).collect(Collectors.joining(",")))
                .query((rs, n) -> Map.entry(
                        rs.getObject("delivery_id", UUID.class),
                        new AttemptView(
                                rs.getInt("attempt"),
                                rs.getTimestamp("attempted_at").toInstant(),
                                (Integer) rs.getObject("status_code"),
                                rs.getString("error"),
                                rs.getLong("latency_ms"))))
                .list()
                .stream()
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    /** Makes the dead letter pending again from {@code now}; false unless it is dead (with its payload). */
    boolean replay(UUID id, Instant now) {
        return jdbc.sql(replaySql("d.id = :id"))
                        .param("id", id)
                        .param("now", Timestamp.from(now))
                        .update()
                > 0;
    }

    /**
     * Makes every dead letter (with its payload) of the subscription, or of all of {@code owner}'s (null: of
     * everyone), pending again. @return how many
     */
    int replayAll(String owner, UUID subscription, Instant now) {
        return jdbc.sql(replaySql(
                        "(cast(:subscription as uuid) is null or d.subscription_id = cast(:subscription as uuid)) and "
                                + OWNED))
                .param("owner", owner)
                .param("subscription", subscription)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Whether the subscription exists and belongs to {@code owner} (null: any). */
    boolean subscriptionExists(UUID subscription, String owner) {
        return jdbc.sql("select count(*) from webhook_subscription where id = :id "
                                + "and (cast(:owner as varchar) is null or created_by = cast(:owner as varchar))")
                        .param("id", subscription)
                        .param("owner", owner)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private static String replaySql(String condition) {
        return "update webhook_delivery d set status = 'PENDING', next_attempt_at = :now, retry_from = :now, "
                + "dead_at = null where d.status = 'DEAD' and d.payload is not null and " + condition;
    }

    private Row map(ResultSet rs, int n) throws SQLException {
        DeliveryView view = new DeliveryView(
                rs.getObject("id", UUID.class),
                rs.getObject("subscription_id", UUID.class),
                rs.getString("event_id"),
                rs.getString("event_type"),
                rs.getString("customer_key"),
                DeliveryStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                instant(rs, "created_at"),
                instant(rs, "next_attempt_at"),
                instant(rs, "last_attempt_at"),
                (Integer) rs.getObject("last_status_code"),
                rs.getString("last_error"),
                instant(rs, "delivered_at"),
                instant(rs, "dead_at"),
                List.of(),
                null);
        return new Row(view, rs.getString("payload"), instant(rs, "sort_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
