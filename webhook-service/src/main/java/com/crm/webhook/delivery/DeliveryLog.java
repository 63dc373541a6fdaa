package com.crm.webhook.delivery;

import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.webhook.WebhookCaller;
import com.crm.webhook.delivery.DeliveryRepository.Row;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The delivery log (each delivery with its attempts), the dead-letter list and replays from it. */
@Service
public class DeliveryLog {

    public static final String PING_TYPE = "crm.webhook.ping";
    private static final EventFormat FORMAT = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    public record AttemptView(int attempt, Instant attemptedAt, Integer statusCode, String error, long latencyMs) {}

    /** A delivery; {@code event} (the CloudEvent sent) only when one delivery is asked for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryView(
            UUID id,
            UUID subscriptionId,
            String eventId,
            String eventType,
            String customerId,
            DeliveryStatus status,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            Instant lastAttemptAt,
            Integer lastStatusCode,
            String lastError,
            Instant deliveredAt,
            Instant deadAt,
            List<AttemptView> log,
            JsonNode event) {}

    private final DeliveryRepository repository;
    private final JsonMapper json;
    private final Clock clock;

    DeliveryLog(DeliveryRepository repository, JsonMapper json, Clock clock) {
        this.repository = repository;
        this.json = json;
        this.clock = clock;
    }

    /** A subscription's deliveries, newest first, optionally of one status; 404 unless the caller sees it. */
    public CursorPage<DeliveryView> ofSubscription(
            WebhookCaller caller, UUID subscription, DeliveryStatus status, int limit, String cursor) {
        requireSubscription(caller, subscription);
        KeysetCursor before = KeysetCursor.decode(cursor);
        List<Row> rows = repository.ofSubscription(subscription, status, before, limit + 1);
        return page(rows, limit);
    }

    /** The caller's dead letters (an admin's: everyone's), the longest dead first, of one subscription or all. */
    public CursorPage<DeliveryView> deadLetters(WebhookCaller caller, UUID subscription, int limit, String cursor) {
        KeysetCursor after = KeysetCursor.decode(cursor);
        List<Row> rows = repository.deadLetters(caller.ownerFilter(), subscription, after, limit + 1);
        return page(rows, limit);
    }

    /** One delivery of the caller's subscriptions (an admin's: any); else 404. */
    public DeliveryView get(WebhookCaller caller, UUID id) {
        Row row = repository.find(id, caller.ownerFilter()).orElseThrow(() -> ApiException.notFound("Delivery", id));
        DeliveryView v = withLog(List.of(row)).getFirst();
        return new DeliveryView(
                v.id(),
                v.subscriptionId(),
                v.eventId(),
                v.eventType(),
                v.customerId(),
                v.status(),
                v.attempts(),
                v.createdAt(),
                v.nextAttemptAt(),
                v.lastAttemptAt(),
                v.lastStatusCode(),
                v.lastError(),
                v.deliveredAt(),
                v.deadAt(),
                v.log(),
                row.payload() == null ? null : json.readTree(row.payload()));
    }

    /** Sends a dead letter again, with a fresh retry horizon; 409 unless it is dead. */
    @Transactional
    public DeliveryView replay(WebhookCaller caller, UUID id) {
        DeliveryView current = get(caller, id); // 404 unless the caller's
        if (!repository.replay(id, now())) {
            throw ApiException.conflict(
                    "Delivery " + id + " is " + current.status() + ", not DEAD: only dead letters " + "are replayed");
        }
        return get(caller, id);
    }

    /** Replays every dead letter of the caller's (an admin's: everyone's), of one subscription or all; how many. */
    @Transactional
    public int replayAll(WebhookCaller caller, UUID subscription) {
        if (subscription != null) {
            requireSubscription(caller, subscription);
        }
        return repository.replayAll(caller.ownerFilter(), subscription, now());
    }

    /**
     * Queues a test delivery to the subscription: a CloudEvent of type {@value #PING_TYPE} whose subject is the
     * subscription id, signed and retried like any other, so an integrator can check its receiver end to end.
     */
    @Transactional
    public DeliveryView ping(WebhookCaller caller, UUID subscription) {
        requireSubscription(caller, subscription);
        UUID eventId = UUID.randomUUID();
        Instant now = now();
        CloudEvent event = CloudEventBuilder.v1()
                .withId(eventId.toString())
                .withSource(URI.create("/crm/webhook-service"))
                .withType(PING_TYPE)
                .withSubject(subscription.toString())
                .withTime(now.atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(("{\"subscriptionId\":\"" + subscription + "\"}").getBytes(StandardCharsets.UTF_8))
                .build();
        UUID id = repository.insertNew(
                subscription,
                eventId.toString(),
                PING_TYPE,
                "ping:" + subscription,
                new String(FORMAT.serialize(event), StandardCharsets.UTF_8),
                now);
        return get(caller, id);
    }

    private void requireSubscription(WebhookCaller caller, UUID subscription) {
        if (!repository.subscriptionExists(subscription, caller.ownerFilter())) {
            throw ApiException.notFound("Subscription", subscription);
        }
    }

    private CursorPage<DeliveryView> page(List<Row> rows, int limit) {
        CursorPage<Row> page = CursorPage.of(
                rows, limit, r -> new KeysetCursor(r.sortAt(), r.view().id()).encode(), r -> r);
        return new CursorPage<>(withLog(page.items()), page.nextCursor());
    }

    private List<DeliveryView> withLog(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<AttemptView>> attempts =
                repository.attempts(rows.stream().map(r -> r.view().id()).toList());
        return rows.stream()
                .map(r -> {
                    DeliveryView v = r.view();
                    return new DeliveryView(
                            v.id(),
                            v.subscriptionId(),
                            v.eventId(),
                            v.eventType(),
                            v.customerId(),
                            v.status(),
                            v.attempts(),
                            v.createdAt(),
                            v.nextAttemptAt(),
                            v.lastAttemptAt(),
                            v.lastStatusCode(),
                            v.lastError(),
                            v.deliveredAt(),
                            v.deadAt(),
                            attempts.getOrDefault(v.id(), List.of()),
                            null);
                })
                .toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
