package com.crm.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.webhook.WebhookIntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Retention (here: dead letters 1 day, paused subscriptions' deliveries 2 days, delivered 30 days; 2 rows per
 * statement): what is older goes, batch by batch, with its attempts; the rest stays.
 */
class RetentionIntegrationTest extends WebhookIntegrationTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Autowired
    DeliveryWorker worker;

    @Test
    void deadLettersAndPausedDeliveriesArePurgedAfterTheirRetentionInBatches() {
        UUID active = UUID.fromString(subscribe("http://127.0.0.1:9/active", SECRET, "crm.customer.*"));
        UUID paused = UUID.fromString(subscribe("http://127.0.0.1:9/paused", SECRET, "crm.customer.*"));
        jdbc.sql("update webhook_subscription set active = false where id = :id")
                .param("id", paused)
                .update();
        Instant now = Instant.now();
        Duration day = Duration.ofDays(1);

        List<UUID> oldDead = List.of(
                delivery(active, "DEAD", now.minus(day.multipliedBy(5)), now.minus(day.multipliedBy(2)), null),
                delivery(active, "DEAD", now.minus(day.multipliedBy(5)), now.minus(day.multipliedBy(3)), null),
                delivery(paused, "DEAD", now.minus(day.multipliedBy(5)), now.minus(day.multipliedBy(4)), null));
        UUID recentDead =
                delivery(active, "DEAD", now.minus(day.multipliedBy(5)), now.minus(Duration.ofHours(12)), null);
        UUID oldPaused = delivery(paused, "PENDING", now.minus(day.multipliedBy(3)), null, null);
        UUID recentPaused = delivery(paused, "PENDING", now.minus(day), null, null);
        // the worker would send the pending delivery of the active subscription: not due yet from the start (set
        // afterwards, the worker running beside the test could attempt it in between and leave an attempt behind)
        UUID oldPendingOfActive =
                delivery(active, "PENDING", now.minus(day.multipliedBy(3)), null, null, now.plus(day));
        UUID oldDelivered =
                delivery(active, "DELIVERED", now.minus(day.multipliedBy(40)), null, now.minus(day.multipliedBy(31)));
        UUID recentDelivered = delivery(active, "DELIVERED", now.minus(day.multipliedBy(2)), null, now.minus(day));
        for (UUID id : oldDead) {
            jdbc.sql("insert into webhook_attempt (delivery_id, attempt, attempted_at, status_code, latency_ms) "
                            + "values (:id, 1, now(), 500, 3)")
                    .param("id", id)
                    .update();
        }

        int purged = worker.purgeLog();

        assertThat(purged).isEqualTo(5);
        assertThat(remaining())
                .containsExactlyInAnyOrder(recentDead, recentPaused, oldPendingOfActive, recentDelivered)
                .doesNotContain(oldPaused, oldDelivered);
        assertThat(jdbc.sql("select count(*) from webhook_attempt")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(worker.purgeLog()).isZero();
    }

    private UUID delivery(UUID subscription, String status, Instant created, Instant dead, Instant delivered) {
        return delivery(subscription, status, created, dead, delivered, status.equals("PENDING") ? created : null);
    }

    private UUID delivery(
            UUID subscription, String status, Instant created, Instant dead, Instant delivered, Instant next) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into webhook_delivery (id, subscription_id, event_id, event_type, customer_key, payload, status,
                    created_at, retry_from, next_attempt_at, dead_at, delivered_at)
                values (:id, :subscription, :event, 'crm.customer.deleted', :customer, '{}', :status, :created, :created,
                    :next, :dead, :delivered)""")
                .param("id", id)
                .param("subscription", subscription)
                .param("event", UUID.randomUUID().toString())
                .param("customer", UUID.randomUUID().toString())
                .param("status", status)
                .param("created", Timestamp.from(created))
                .param("next", next == null ? null : Timestamp.from(next))
                .param("dead", dead == null ? null : Timestamp.from(dead))
                .param("delivered", delivered == null ? null : Timestamp.from(delivered))
                .update();
        return id;
    }

    private List<UUID> remaining() {
        return jdbc.sql("select id from webhook_delivery").query(UUID.class).list();
    }
}
