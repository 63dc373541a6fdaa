package com.crm.webhook.delivery;

import com.crm.webhook.WebhookProperties;
import com.crm.webhook.subscription.SubscriptionService;
import com.crm.webhook.subscription.SubscriptionService.Target;
import com.crm.webhook.subscription.TargetPolicy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries. A round claims a batch in a short transaction ({@code FOR UPDATE SKIP LOCKED}, so replicas
 * share the work) by pushing their next attempt past a lease, sends them on virtual threads outside any transaction
 * (at most {@code crm.webhook.max-concurrent-sends} at a time), and each send records its outcome. Only the oldest pending delivery of a (subscription, customer) is eligible: one customer's
 * events arrive in order, and a customer whose deliveries fail holds up only itself. A dead letter no longer holds
 * up the ones after it.
 */
@Component
class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private record Claimed(UUID id, UUID subscriptionId, String eventType, String payload, int attempts,
                           Instant retryFrom) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SubscriptionService subscriptions;
    private final TargetPolicy targets;
    private final WebhookSender sender;
    private final WebhookProperties properties;
    private final Backoff backoff;
    private final Clock clock;
    private final Semaphore slots;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    DeliveryWorker(JdbcClient jdbc, TransactionTemplate transactions, SubscriptionService subscriptions,
                   TargetPolicy targets, WebhookSender sender, WebhookProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.subscriptions = subscriptions;
        this.targets = targets;
        this.sender = sender;
        this.properties = properties;
        this.backoff = new Backoff(properties.baseDelay(), properties.maxDelay(), properties.retryHorizon());
        this.clock = clock;
        this.slots = new Semaphore(properties.maxConcurrentSends());
    }

    /**
     * Claims what is due, up to the free send slots, and starts sending without waiting: a receiver that takes its
     * whole read timeout delays no other delivery. @return how many deliveries were claimed
     */
    @Scheduled(fixedDelayString = "${crm.webhook.poll-interval:PT1S}", initialDelayString = "PT1S")
    public int deliverDue() {
        int free = Math.min(properties.batchSize(), slots.availablePermits());
        if (free == 0) {
            return 0;
        }
        List<Claimed> claimed = claim(free);
        for (Claimed delivery : claimed) {
            slots.acquireUninterruptibly();
            try {
                senders.execute(() -> {
                    try {
                        deliver(delivery);
                    } catch (RuntimeException e) {
                        // the claim lease runs out and the delivery is tried again
                        log.warn("Webhook delivery {} failed unexpectedly: {}", delivery.id(), e.toString());
                    } finally {
                        slots.release();
                    }
                });
            } catch (RuntimeException e) {
                slots.release();
                throw e;
            }
        }
        return claimed.size();
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
    }

    private List<Claimed> claim(int limit) {
        Instant now = now();
        return transactions.execute(status -> jdbc.sql("""
                update webhook_delivery d set next_attempt_at = :lease
                where d.id in (
                    select c.id from webhook_delivery c
                    where c.status = 'PENDING' and c.next_attempt_at <= :now
                      and exists (select 1 from webhook_subscription s where s.id = c.subscription_id and s.active)
                      and not exists (select 1 from webhook_delivery e
                                      where e.subscription_id = c.subscription_id and e.customer_key = c.customer_key
                                        and e.status = 'PENDING' and e.seq < c.seq)
                    order by c.next_attempt_at, c.seq
                    limit :batch
                    for update skip locked)
                returning d.id, d.subscription_id, d.event_type, d.payload, d.attempts, d.retry_from""")
                .param("lease", Timestamp.from(now.plus(properties.claimLease())))
                .param("now", Timestamp.from(now)).param("batch", limit)
                .query((rs, n) -> new Claimed(rs.getObject("id", UUID.class), rs.getObject("subscription_id", UUID.class),
                        rs.getString("event_type"), rs.getString("payload"), rs.getInt("attempts"),
                        rs.getTimestamp("retry_from").toInstant()))
                .list());
    }

    private void deliver(Claimed delivery) {
        Target target = subscriptions.target(delivery.subscriptionId());
        if (target == null || delivery.payload() == null) {
            return; // deleted with its subscription, or purged meanwhile: nothing to send
        }
        int attempt = delivery.attempts() + 1;
        TargetPolicy.Refusal refusal = targets.check(target.targetUrl());
        WebhookSender.Outcome outcome = refusal != null
                ? new WebhookSender.Outcome(null, "target refused: " + refusal.message(), 0)
                : sender.send(target.targetUrl(), target.secret(), delivery.id(), delivery.eventType(), attempt,
                        delivery.payload());
        record(delivery, attempt, outcome);
    }

    private void record(Claimed delivery, int attempt, WebhookSender.Outcome outcome) {
        Instant now = now();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                    insert into webhook_attempt (delivery_id, attempt, attempted_at, status_code, error, latency_ms)
                    select cast(:id as uuid), cast(:attempt as int), cast(:now as timestamptz), cast(:code as int),
                        cast(:error as varchar), cast(:latency as bigint)
                    where exists (select 1 from webhook_delivery where id = cast(:id as uuid))
                    on conflict do nothing""")
                    .param("id", delivery.id()).param("attempt", attempt).param("now", Timestamp.from(now))
                    .param("code", outcome.statusCode()).param("error", outcome.error())
                    .param("latency", outcome.latencyMs()).update();
            if (outcome.delivered()) {
                jdbc.sql("""
                        update webhook_delivery set status = 'DELIVERED', attempts = :attempt, delivered_at = :now,
                            last_attempt_at = :now, last_status_code = :code, last_error = null, next_attempt_at = null
                        where id = :id and status = 'PENDING'""")
                        .param("attempt", attempt).param("now", Timestamp.from(now))
                        .param("code", outcome.statusCode()).param("id", delivery.id()).update();
                return;
            }
            Instant next = backoff.next(attempt, delivery.retryFrom(), now, ThreadLocalRandom.current()::nextDouble);
            if (next == null) {
                log.warn("Webhook delivery {} is dead after {} attempts: {}", delivery.id(), attempt,
                        outcome.error() != null ? outcome.error() : "HTTP " + outcome.statusCode());
            }
            jdbc.sql("""
                    update webhook_delivery set status = :status, attempts = :attempt, last_attempt_at = :now,
                        last_status_code = cast(:code as int), last_error = cast(:error as varchar),
                        next_attempt_at = cast(:next as timestamptz), dead_at = cast(:dead as timestamptz)
                    where id = :id and status = 'PENDING'""")
                    .param("status", next == null ? DeliveryStatus.DEAD.name() : DeliveryStatus.PENDING.name())
                    .param("attempt", attempt).param("now", Timestamp.from(now))
                    .param("code", outcome.statusCode()).param("error", outcome.error())
                    .param("next", next == null ? null : Timestamp.from(next))
                    .param("dead", next == null ? Timestamp.from(now) : null).param("id", delivery.id()).update();
        });
    }

    /** Delivered deliveries and their attempts leave the log after {@code crm.webhook.log-retention}. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    public int purgeLog() {
        return jdbc.sql("delete from webhook_delivery where status = 'DELIVERED' and delivered_at < :before")
                .param("before", Timestamp.from(now().minus(properties.logRetention()))).update();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
