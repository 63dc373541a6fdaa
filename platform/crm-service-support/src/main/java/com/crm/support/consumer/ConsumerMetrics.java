package com.crm.support.consumer;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Freshness of what a consumer applies, as numbers ops can alert on: {@code crm_event_lag_seconds{topic,consumer}}
 * is the age of the newest event it applied (apply time minus event time), and
 * {@code crm_events_total{topic,consumer,outcome}} counts events applied, skipped as duplicates or as superseded by
 * a newer state in the same batch. The backlog itself is Kafka's {@code kafka_consumer_fetch_manager_records_lag}.
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
