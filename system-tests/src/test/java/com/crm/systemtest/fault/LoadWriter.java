package com.crm.systemtest.fault;

import com.crm.systemtest.Http;
import com.crm.systemtest.Tokens;
import com.crm.systemtest.Tokens.Client;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A steady stream of writes through the gateway: new customers, updates, purchases and interactions, at a fixed
 * rate. Every POST carries an Idempotency-Key and is retried with the same key until it is acknowledged (2xx) or
 * the writer gives up at its deadline; what was acknowledged is remembered for the verification.
 */
final class LoadWriter {

    static final String PURCHASE_SOURCE = "LOADTEST";

    static final String INTERACTION_SOURCE = "loadtest";

    /** One customer the writer created, with what it acknowledged for it. */
    static final class LoadCustomer {

        final int number;

        final String email;

        volatile String id;

        /** Highest update number acknowledged (jobTitle "v" + n); updates of one customer run one at a time. */
        volatile int lastAcknowledgedUpdate;

        volatile int updatesSent;

        final List<String> purchases = new CopyOnWriteArrayList<>();

        final List<String> interactions = new CopyOnWriteArrayList<>();

        LoadCustomer(int number, String email) {
            this.number = number;
            this.email = email;
        }
    }

    enum Kind {
        CUSTOMER,
        UPDATE,
        PURCHASE,
        INTERACTION
    }

    private final Http gateway;

    private final Tokens tokens;

    private final String run;

    private final List<LoadCustomer> customers = new CopyOnWriteArrayList<>();

    private final Map<Kind, AtomicInteger> sent = new ConcurrentHashMap<>();

    private final Map<Kind, AtomicInteger> acknowledged = new ConcurrentHashMap<>();

    private final Map<Kind, AtomicInteger> rejected = new ConcurrentHashMap<>();

    private final AtomicInteger retries = new AtomicInteger();

    private final AtomicInteger sequence = new AtomicInteger();

    private final List<String> rejections = new CopyOnWriteArrayList<>();

    private volatile long giveUpAt = Long.MAX_VALUE;

    LoadWriter(Http gateway, Tokens tokens, String run) {
        this.gateway = gateway;
        this.tokens = tokens;
        this.run = run;
        for (Kind kind : Kind.values()) {
            this.sent.put(kind, new AtomicInteger());
            this.acknowledged.put(kind, new AtomicInteger());
            this.rejected.put(kind, new AtomicInteger());
        }
    }

    /**
     * Sends {@code rate} writes a second until {@code keepWriting} says stop, then waits for the writes in flight
     * (each retried until acknowledged, at most {@code drain} after the stop).
     */
    void run(int rate, BooleanSupplier keepWriting, Duration drain) throws InterruptedException {
        Semaphore inFlight = new Semaphore(64);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            long next = System.nanoTime();
            int tick = 0;
            while (keepWriting.getAsBoolean()) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += interval;
                Kind kind = kindFor(tick++);
                if (!inFlight.tryAcquire()) {
                    // every slot waits for a retry: the platform is down; do not pile up more
                    continue;
                }
                this.sent.get(kind).incrementAndGet();
                executor.submit(() -> {
                    try {
                        write(kind);
                    } finally {
                        inFlight.release();
                    }
                });
            }
            this.giveUpAt = System.nanoTime() + drain.toNanos();
            executor.shutdown();
            executor.awaitTermination(drain.toSeconds() + 30, TimeUnit.SECONDS);
        }
    }

    private Kind kindFor(int tick) {
        if (this.customers.stream().noneMatch((c) -> c.id != null)) {
            return Kind.CUSTOMER;
        }
        return switch (tick % 5) {
            case 0 -> Kind.CUSTOMER;
            case 1 -> Kind.UPDATE;
            case 2, 3 -> Kind.PURCHASE;
            default -> Kind.INTERACTION;
        };
    }

    private void write(Kind kind) {
        switch (kind) {
            case CUSTOMER -> createCustomer();
            case UPDATE -> updateCustomer(randomCustomer());
            case PURCHASE -> recordPurchase(randomCustomer());
            case INTERACTION -> recordInteraction(randomCustomer());
        }
    }

    private LoadCustomer randomCustomer() {
        List<LoadCustomer> known =
                this.customers.stream().filter((c) -> c.id != null).toList();
        return known.get(ThreadLocalRandom.current().nextInt(known.size()));
    }

    private void createCustomer() {
        int number = this.sequence.incrementAndGet();
        LoadCustomer customer = new LoadCustomer(number, "load-" + this.run + "-" + number + "@example.com");
        this.customers.add(customer);
        ObjectNode body = Http.object();
        body.put("type", "PERSON");
        body.put("givenName", "Load" + number);
        body.put("familyName", "Run" + this.run);
        body.putArray("emails").addObject().put("address", customer.email).put("primary", true);
        body.putArray("tags").add(tag());
        Http.Response response =
                postUntilAcknowledged(Kind.CUSTOMER, "/api/customers", "c-" + number, body, Client.FRONTEND);
        if (response != null) {
            customer.id = response.json().path("id").asText();
        }
    }

    private void updateCustomer(LoadCustomer customer) {
        synchronized (customer) {
            int update = ++customer.updatesSent;
            ObjectNode patch = Http.object().put("jobTitle", "v" + update);
            while (System.nanoTime() < this.giveUpAt) {
                try {
                    Http.Response current = this.gateway
                            .get("/api/customers/" + customer.id)
                            .token(this.tokens.of(Client.FRONTEND))
                            .timeout(Duration.ofSeconds(10))
                            .sendOrThrow();
                    if (current.status() != 200) {
                        pause();
                        continue;
                    }
                    Http.Response response = this.gateway
                            .call("PATCH", "/api/customers/" + customer.id)
                            .token(this.tokens.of(Client.FRONTEND))
                            .header("If-Match", current.header("etag").orElse("\"0\""))
                            .raw(
                                    "application/merge-patch+json",
                                    patch.toString().getBytes(StandardCharsets.UTF_8))
                            .timeout(Duration.ofSeconds(10))
                            .sendOrThrow();
                    if (response.status() == 200) {
                        customer.lastAcknowledgedUpdate = update;
                        this.acknowledged.get(Kind.UPDATE).incrementAndGet();
                        return;
                    }
                    if (!transientStatus(response.status()) && response.status() != 412) {
                        reject(Kind.UPDATE, "PATCH customer " + customer.id, response);
                        return;
                    }
                } catch (IOException ex) {
                    // no answer: the change may or may not be in; sending it again is harmless
                }
                this.retries.incrementAndGet();
                pause();
            }
        }
    }

    private void recordPurchase(LoadCustomer customer) {
        String erpId = this.run + "-p-" + this.sequence.incrementAndGet();
        ObjectNode body = Http.object();
        body.put("customerId", customer.id);
        body.put("source", PURCHASE_SOURCE);
        body.put("erpId", erpId);
        body.put("occurredAt", Instant.now().minusSeconds(3600).toString());
        body.put("amount", "10.00");
        body.put("currency", "CNY");
        body.put("type", "PURCHASE");
        if (postUntilAcknowledged(Kind.PURCHASE, "/api/purchases", erpId, body, Client.FRONTEND) != null) {
            customer.purchases.add(erpId);
        }
    }

    private void recordInteraction(LoadCustomer customer) {
        String externalId = this.run + "-i-" + this.sequence.incrementAndGet();
        ObjectNode body = Http.object();
        body.put("customerId", customer.id);
        body.put("channel", "WEB_CHAT");
        body.put("direction", "INBOUND");
        body.put("type", "INQUIRY");
        body.put("subject", "load test question");
        body.put("source", INTERACTION_SOURCE);
        body.put("externalId", externalId);
        if (postUntilAcknowledged(Kind.INTERACTION, "/api/interactions", externalId, body, Client.FRONTEND) != null) {
            customer.interactions.add(externalId);
        }
    }

    /** The acknowledged answer, or null when it was refused for good or never acknowledged before the deadline. */
    private Http.Response postUntilAcknowledged(Kind kind, String path, String key, ObjectNode body, Client client) {
        String idempotencyKey = "load-" + this.run + "-" + key;
        String last = "no answer";
        while (System.nanoTime() < this.giveUpAt) {
            try {
                Http.Response response = this.gateway
                        .post(path)
                        .token(this.tokens.of(client))
                        .header("Idempotency-Key", idempotencyKey)
                        .json(body)
                        .timeout(Duration.ofSeconds(10))
                        .sendOrThrow();
                if (response.status() >= 200 && response.status() < 300) {
                    this.acknowledged.get(kind).incrementAndGet();
                    return response;
                }
                if (!transientStatus(response.status())) {
                    reject(kind, "POST " + path + " " + body, response);
                    return null;
                }
                last = response.toString();
            } catch (IOException | RuntimeException ex) {
                // no answer (connection refused, timeout): it may have been applied; the same key makes a retry safe
                last = ex.toString();
            }
            this.retries.incrementAndGet();
            pause();
        }
        if (this.rejections.size() < 20) {
            this.rejections.add("never acknowledged: POST " + path + " Idempotency-Key " + idempotencyKey
                    + "; last answer " + last);
        }
        return null;
    }

    /** Worth retrying: the platform is (partly) down or the first attempt is still running. */
    private static boolean transientStatus(int status) {
        return status >= 500 || status == 429 || status == 409 || status == 401;
    }

    private void reject(Kind kind, String request, Http.Response response) {
        this.rejected.get(kind).incrementAndGet();
        if (this.rejections.size() < 20) {
            this.rejections.add(request + " -> " + response);
        }
    }

    private static void pause() {
        LockSupport.parkNanos(
                TimeUnit.MILLISECONDS.toNanos(300 + ThreadLocalRandom.current().nextInt(400)));
    }

    String tag() {
        return "load-" + this.run;
    }

    List<LoadCustomer> customers() {
        return new ArrayList<>(this.customers);
    }

    int sent(Kind kind) {
        return this.sent.get(kind).get();
    }

    int acknowledged(Kind kind) {
        return this.acknowledged.get(kind).get();
    }

    int rejected(Kind kind) {
        return this.rejected.get(kind).get();
    }

    int retries() {
        return this.retries.get();
    }

    List<String> rejections() {
        return this.rejections;
    }

    String describe() {
        StringBuilder text = new StringBuilder();
        for (Kind kind : Kind.values()) {
            text.append(String.format(
                    Locale.ROOT,
                    "%s sent=%d acknowledged=%d rejected=%d; ",
                    kind.name().toLowerCase(Locale.ROOT),
                    sent(kind),
                    acknowledged(kind),
                    rejected(kind)));
        }
        return text.append("retries=").append(retries()).toString();
    }
}
