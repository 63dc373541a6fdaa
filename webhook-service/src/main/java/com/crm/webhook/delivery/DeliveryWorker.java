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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries. A round claims a batch in a short transaction ({@code FOR UPDATE SKIP LOCKED}, so replicas
 * share the work) by pushing their next attempt past a lease, sends them on a thread each outside any transaction
 * (at most {@code crm.webhook.max-concurrent-sends} at a time), and each send records its outcome. Only the oldest pending delivery of a (subscription, customer) is eligible: one customer's
 * events arrive in order, and a customer whose deliveries fail holds up only itself. A dead letter no longer holds
 * up the ones after it. Send slots are fair across clients (subscription owners): at most
 * {@code crm.webhook.max-concurrent-sends-per-client} of one client's deliveries are in flight on this instance, a
 * round skips clients whose slots are full and hands out the rest round-robin, so one client's hanging receiver
 * cannot take the slots every other client needs.
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
    /**
     * Platform threads, as many as sends in flight (the slots bound them; idle ones end after a minute): virtual
     * threads can hang a fat jar's class loading for good on JDK 25 (see the services' {@code application.yml}).
     */
    private final ExecutorService senders = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("webhook-send-", 0).daemon(true).factory());
    /** Sends in flight per client (subscription owner) on this instance. */
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

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
        int perClient = properties.maxConcurrentSendsPerClient();
        List<String> saturated = inFlight.entrySet().stream()
                .filter(e -> e.getValue().get() >= perClient)
                .map(Map.Entry::getKey)
                .toList();
        List<Claimed> claimed = claim(free, perClient, saturated);
        int started = 0;
        for (Claimed delivery : claimed) {
            AtomicInteger ofClient = inFlight.computeIfAbsent(delivery.owner(), o -> new AtomicInteger());
            if (ofClient.incrementAndGet() > perClient) {
                ofClient.decrementAndGet();
                deliveries.release(delivery.id(), now()); // its client's slots are full: next round
                continue;
            }
            slots.acquireUninterruptibly();
            try {
                senders.execute(() -> {
                    try {
                        deliver(delivery);
                    } catch (RuntimeException e) {
                        // the claim lease runs out and the delivery is tried again
                        log.warn("Webhook delivery {} failed unexpectedly: {}", delivery.id(), e.toString());
                    } finally {
                        ofClient.decrementAndGet();
                        slots.release();
                    }
                });
                started++;
            } catch (RuntimeException e) {
                ofClient.decrementAndGet();
                slots.release();
                throw e;
            }
        }
        return started;
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
    }

    private List<Claimed> claim(int limit, int perClient, List<String> saturated) {
        Instant now = now();
        return transactions.execute(
                status -> deliveries.claim(limit, perClient, saturated, now, now.plus(properties.claimLease())));
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

    /**
     * Purges, batch by batch (each statement deletes at most {@code crm.webhook.retention.batch-size} rows and
     * commits on its own, so neither locks nor a transaction grow with the backlog): delivered deliveries after
     * {@code crm.webhook.log-retention}, dead letters after {@code crm.webhook.retention.dead} (from their death),
     * pending deliveries of paused subscriptions after {@code crm.webhook.retention.paused} (from their queueing).
     * Replicas running it at once skip each other's rows. @return how many deliveries were deleted
     */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    public int purgeLog() {
        Instant now = now();
        int batch = properties.retention().batchSize();
        int purged = drain(() -> deliveries.deleteDeliveredBefore(now.minus(properties.logRetention()), batch), batch);
        int dead = drain(
                () -> deliveries.deleteDeadBefore(
                        now.minus(properties.retention().dead()), batch),
                batch);
        int paused = drain(
                () -> deliveries.deletePausedBefore(
                        now.minus(properties.retention().paused()), batch),
                batch);
        if (dead + paused > 0) {
            log.info(
                    "Webhook retention purged {} dead letters and {} deliveries of paused subscriptions", dead, paused);
        }
        return purged + dead + paused;
    }

    private static int drain(IntSupplier deleteBatch, int batch) {
        int total = 0;
        int deleted;
        do {
            deleted = deleteBatch.getAsInt();
            total += deleted;
        } while (deleted >= batch);
        return total;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
