package com.crm.support.consumer;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Freshness of what a consumer applies, as numbers ops can alert on: {@code crm_event_lag_seconds{topic,consumer}}
 * is the age of the newest event it applied (apply time minus event time), and
 * {@code crm_events_total{topic,consumer,outcome}} counts events applied, skipped as duplicates or as superseded by
 * a newer state in the same batch. {@code crm_event_freshness_seconds{topic,consumer}} is a histogram of the same age
 * for every event applied (taken after the batch committed, so it is the time from the write to its effect being
 * visible): its p99 is what "fresh within a second" is measured against. The backlog itself is Kafka's
 * {@code kafka_consumer_fetch_manager_records_lag}.
 */
final class ConsumerMetrics {

    enum Outcome {
        APPLIED,
        DUPLICATE,
        SUPERSEDED
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicLong> lagMillis = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> freshness = new ConcurrentHashMap<>();

    ConsumerMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    void applied(String topic, String consumer, CloudEvent newest) {
        if (registry == null || newest.getTime() == null) {
            return;
        }
        long lag = Math.max(0, clock.millis() - newest.getTime().toInstant().toEpochMilli());
        lagMillis
                .computeIfAbsent(topic + '\0' + consumer, key -> {
                    AtomicLong holder = new AtomicLong();
                    Gauge.builder("crm.event.lag", holder, h -> h.get() / 1000.0)
                            .description("Age of the newest event this consumer applied, apply time minus event time")
                            .baseUnit("seconds")
                            .tag("topic", topic)
                            .tag("consumer", consumer)
                            .register(registry);
                    return holder;
                })
                .set(lag);
    }

    /** Each event's age once its batch is committed: the write-to-visible time, as a histogram. */
    void visible(String topic, String consumer, List<CloudEvent> applied) {
        if (registry == null || applied.isEmpty()) {
            return;
        }
        Timer timer = freshness.computeIfAbsent(
                topic + '\0' + consumer,
                key -> Timer.builder("crm.event.freshness")
                        .description("Time from an event's write to its effect committed by this consumer")
                        .tag("topic", topic)
                        .tag("consumer", consumer)
                        .serviceLevelObjectives(FRESHNESS_BUCKETS)
                        .register(registry));
        long now = clock.millis();
        for (CloudEvent event : applied) {
            if (event.getTime() != null) {
                timer.record(Duration.ofMillis(
                        Math.max(0, now - event.getTime().toInstant().toEpochMilli())));
            }
        }
    }

    private static final Duration[] FRESHNESS_BUCKETS = {
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofMillis(750),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(30)
    };

    void count(String topic, String consumer, Outcome outcome, int events) {
        if (registry == null || events == 0) {
            return;
        }
        counters.computeIfAbsent(
                        topic + '\0' + consumer + '\0' + outcome,
                        key -> Counter.builder("crm.events")
                                .description("Events a consumer took, by what became of them")
                                .tag("topic", topic)
                                .tag("consumer", consumer)
                                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                                .register(registry))
                .increment(events);
    }
}
