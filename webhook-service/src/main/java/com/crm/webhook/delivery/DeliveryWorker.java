package com.crm.webhook.delivery;

import com.crm.webhook.WebhookProperties;
import com.crm.webhook.delivery.DeliveryRepository.Claimed;
import com.crm.webhook.subscription.SubscriptionService;
import com.crm.webhook.subscription.SubscriptionService.Target;
import com.crm.webhook.subscription.TargetPolicy;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private final DeliveryRepository deliveries;
    private final TransactionTemplate transactions;
    private final SubscriptionService subscriptions;
    private final TargetPolicy targets;
    private final WebhookSender sender;
    private final WebhookProperties properties;
    private final Backoff backoff;
    private final Clock clock;
    private final Semaphore slots;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    DeliveryWorker(
            DeliveryRepository deliveries,
            TransactionTemplate transactions,
            SubscriptionService subscriptions,
            TargetPolicy targets,
            WebhookSender sender,
            WebhookProperties properties,
            Clock clock) {
        this.deliveries = deliveries;
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
        return transactions.execute(status -> deliveries.claim(limit, now, now.plus(properties.claimLease())));
    }

    private void deliver(Claimed delivery) {
        Target target = subscriptions.target(delivery.subscriptionId());
        if (target == null || delivery.payload() == null) {
            return; // deleted with its subscription, or purged meanwhile: nothing to send
        }
        int attempt = delivery.attempts() + 1;
        // resolved and checked once, now; the send connects to the address checked
        WebhookSender.Outcome outcome = switch (targets.verdict(target.targetUrl())) {
            case TargetPolicy.Refusal refusal ->
                new WebhookSender.Outcome(null, "target refused: " + refusal.code() + ": " + refusal.message(), 0);
            case TargetPolicy.Allowed allowed ->
                sender.send(
                        allowed, target.signingKey(), delivery.id(), delivery.eventType(), attempt, delivery.payload());
        };
        record(delivery, attempt, outcome);
    }

    private void record(Claimed delivery, int attempt, WebhookSender.Outcome outcome) {
        Instant now = now();
        transactions.executeWithoutResult(status -> {
            deliveries.insertAttempt(
                    delivery.id(), attempt, now, outcome.statusCode(), outcome.error(), outcome.latencyMs());
            if (outcome.delivered()) {
                deliveries.markDelivered(delivery.id(), attempt, now, outcome.statusCode());
                return;
            }
            Instant next = backoff.next(attempt, delivery.retryFrom(), now, ThreadLocalRandom.current()::nextDouble);
            if (next == null) {
                log.warn(
                        "Webhook delivery {} is dead after {} attempts: {}",
                        delivery.id(),
                        attempt,
                        outcome.error() != null ? outcome.error() : "HTTP " + outcome.statusCode());
            }
            deliveries.markFailed(delivery.id(), attempt, now, outcome.statusCode(), outcome.error(), next);
        });
    }

    /** Delivered deliveries and their attempts leave the log after {@code crm.webhook.log-retention}. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    public int purgeLog() {
        return deliveries.deleteDeliveredBefore(now().minus(properties.logRetention()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
