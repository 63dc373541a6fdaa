package com.crm.webhook.delivery;

import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The delivery log (each delivery with its attempts), the dead-letter list and replays from it. */
@Service
public class DeliveryLog {

    public static final String PING_TYPE = "crm.webhook.ping";
    private static final EventFormat FORMAT = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    public record AttemptView(int attempt, Instant attemptedAt, Integer statusCode, String error, long latencyMs) {
    }

    /** A delivery; {@code event} (the CloudEvent sent) only when one delivery is asked for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryView(UUID id, UUID subscriptionId, String eventId, String eventType, String customerId,
                               DeliveryStatus status, int attempts, Instant createdAt, Instant nextAttemptAt,
                               Instant lastAttemptAt, Integer lastStatusCode, String lastError, Instant deliveredAt,
                               Instant deadAt, List<AttemptView> log, JsonNode event) {
    }

    private record Row(DeliveryView view, String payload, Instant sortAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    DeliveryLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** A subscription's deliveries, newest first, optionally of one status. */
    public CursorPage<DeliveryView> ofSubscription(UUID subscription, DeliveryStatus status, int limit, String cursor) {
        requireSubscription(subscription);
        KeysetCursor before = KeysetCursor.decode(cursor);
        List<Row> rows = jdbc.sql("""
                select d.*, d.created_at as sort_at from webhook_delivery d
                where d.subscription_id = :subscription
                  and (cast(:status as varchar) is null or d.status = cast(:status as varchar))
                  and (cast(:at as timestamptz) is null or (d.created_at, d.id) < (cast(:at as timestamptz), :before))
                order by d.created_at desc, d.id desc limit :limit""")
                .param("subscription", subscription).param("status", status == null ? null : status.name())
                .param("at", before == null ? null : Timestamp.from(before.at()))
                .param("before", before == null ? new UUID(0, 0) : before.id())
                .param("limit", limit + 1).query(this::map).list();
        return page(rows, limit);
    }

    /** Dead letters, the longest dead first, of one subscription or all. */
    public CursorPage<DeliveryView> deadLetters(UUID subscription, int limit, String cursor) {
        KeysetCursor after = KeysetCursor.decode(cursor);
        List<Row> rows = jdbc.sql("""
                select d.*, d.dead_at as sort_at from webhook_delivery d
                where d.status = 'DEAD'
                  and (cast(:subscription as uuid) is null or d.subscription_id = cast(:subscription as uuid))
                  and (cast(:at as timestamptz) is null or (d.dead_at, d.id) > (cast(:at as timestamptz), :after))
                order by d.dead_at, d.id limit :limit""")
                .param("subscription", subscription)
                .param("at", after == null ? null : Timestamp.from(after.at()))
                .param("after", after == null ? new UUID(0, 0) : after.id())
                .param("limit", limit + 1).query(this::map).list();
        return page(rows, limit);
    }

    public DeliveryView get(UUID id) {
        Row row = jdbc.sql("select d.*, d.created_at as sort_at from webhook_delivery d where d.id = :id")
                .param("id", id).query(this::map).optional()
                .orElseThrow(() -> ApiException.notFound("Delivery", id));
        DeliveryView v = withLog(List.of(row)).getFirst();
        return new DeliveryView(v.id(), v.subscriptionId(), v.eventId(), v.eventType(), v.customerId(), v.status(),
                v.attempts(), v.createdAt(), v.nextAttemptAt(), v.lastAttemptAt(), v.lastStatusCode(), v.lastError(),
                v.deliveredAt(), v.deadAt(), v.log(), row.payload() == null ? null : json.readTree(row.payload()));
    }

    /** Sends a dead letter again, with a fresh retry horizon; 409 unless it is dead. */
    @Transactional
    public DeliveryView replay(UUID id) {
        int replayed = jdbc.sql(replaySql("d.id = :id")).param("id", id).param("now", Timestamp.from(now())).update();
        if (replayed == 0) {
            DeliveryView current = get(id);
            throw ApiException.conflict("Delivery " + id + " is " + current.status() + ", not DEAD: only dead letters "
                    + "are replayed");
        }
        return get(id);
    }

    /** Replays every dead letter, of one subscription or all; returns how many. */
    @Transactional
    public int replayAll(UUID subscription) {
        if (subscription != null) {
            requireSubscription(subscription);
        }
        return jdbc.sql(replaySql("(cast(:subscription as uuid) is null or d.subscription_id = cast(:subscription as uuid))"))
                .param("subscription", subscription).param("now", Timestamp.from(now())).update();
    }

    /**
     * Queues a test delivery to the subscription: a CloudEvent of type {@value #PING_TYPE} whose subject is the
     * subscription id, signed and retried like any other, so an integrator can check its receiver end to end.
     */
    @Transactional
    public DeliveryView ping(UUID subscription) {
        requireSubscription(subscription);
        UUID eventId = UUID.randomUUID();
        Instant now = now();
        CloudEvent event = CloudEventBuilder.v1().withId(eventId.toString())
                .withSource(URI.create("/crm/webhook-service")).withType(PING_TYPE)
                .withSubject(subscription.toString()).withTime(now.atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(("{\"subscriptionId\":\"" + subscription + "\"}").getBytes(StandardCharsets.UTF_8))
                .build();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into webhook_delivery (id, subscription_id, event_id, event_type, customer_key, payload, status,
                    created_at, retry_from, next_attempt_at)
                values (:id, :subscription, :event, :type, :key, :payload, 'PENDING', :now, :now, :now)""")
                .param("id", id).param("subscription", subscription).param("event", eventId.toString())
                .param("type", PING_TYPE).param("key", "ping:" + subscription)
                .param("payload", new String(FORMAT.serialize(event), StandardCharsets.UTF_8))
                .param("now", Timestamp.from(now)).update();
        return get(id);
    }

    private static String replaySql(String condition) {
        return "update webhook_delivery d set status = 'PENDING', next_attempt_at = :now, retry_from = :now, "
                + "dead_at = null where d.status = 'DEAD' and d.payload is not null and " + condition;
    }

    private void requireSubscription(UUID subscription) {
        if (jdbc.sql("select count(*) from webhook_subscription where id = :id").param("id", subscription)
                .query(Long.class).single() == 0) {
            throw ApiException.notFound("Subscription", subscription);
        }
    }

    private CursorPage<DeliveryView> page(List<Row> rows, int limit) {
        List<Row> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
        List<DeliveryView> views = withLog(shown);
        String next = rows.size() > limit
                ? new KeysetCursor(shown.getLast().sortAt(), shown.getLast().view().id()).encode() : null;
        return new CursorPage<>(views, next);
    }

    private List<DeliveryView> withLog(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<AttemptView>> attempts = jdbc.sql("""
                select * from webhook_attempt where delivery_id = any(string_to_array(:ids, ',')::uuid[])
                order by delivery_id, attempt""")
                .param("ids", rows.stream().map(r -> r.view().id().toString()).collect(Collectors.joining(",")))
                .query((rs, n) -> Map.entry(rs.getObject("delivery_id", UUID.class), new AttemptView(
                        rs.getInt("attempt"), rs.getTimestamp("attempted_at").toInstant(),
                        (Integer) rs.getObject("status_code"), rs.getString("error"), rs.getLong("latency_ms"))))
                .list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return rows.stream().map(r -> {
            DeliveryView v = r.view();
            return new DeliveryView(v.id(), v.subscriptionId(), v.eventId(), v.eventType(), v.customerId(),
                    v.status(), v.attempts(), v.createdAt(), v.nextAttemptAt(), v.lastAttemptAt(), v.lastStatusCode(),
                    v.lastError(), v.deliveredAt(), v.deadAt(), attempts.getOrDefault(v.id(), List.of()), null);
        }).toList();
    }

    private Row map(ResultSet rs, int n) throws SQLException {
        DeliveryView view = new DeliveryView(rs.getObject("id", UUID.class), rs.getObject("subscription_id", UUID.class),
                rs.getString("event_id"), rs.getString("event_type"), rs.getString("customer_key"),
                DeliveryStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), instant(rs, "created_at"),
                instant(rs, "next_attempt_at"), instant(rs, "last_attempt_at"), (Integer) rs.getObject("last_status_code"),
                rs.getString("last_error"), instant(rs, "delivered_at"), instant(rs, "dead_at"), List.of(), null);
        return new Row(view, rs.getString("payload"), instant(rs, "sort_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
