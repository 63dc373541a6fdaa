package com.crm.test;

import com.crm.contracts.cloudevents.CrmEventCodec;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka consumer that reads a topic from the beginning and keeps what it saw, so tests can wait for an
 * event and assert on it (CloudEvent envelope and Kafka key). A test class that listens throughout says so in one
 * line, and the capture connects before its first test and closes after its last:
 * <pre>{@code @RegisterExtension
 * static final EventCapture events = EventCapture.of(Topics.CUSTOMER);}</pre>
 */
public final class EventCapture implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private final String topic;
    private KafkaConsumer<String, byte[]> consumer;
    private final List<Received> received = new ArrayList<>();

    public EventCapture(String bootstrapServers, String topic) {
        this.topic = topic;
        connect(bootstrapServers);
    }

    private EventCapture(String topic) {
        this.topic = topic;
    }

    /** A capture of {@code topic} on the test infrastructure's Kafka, for {@code @RegisterExtension} on a static field. */
    public static EventCapture of(String topic) {
        return new EventCapture(topic);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        connect(CrmInfrastructure.get().kafkaBootstrap());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void connect(String bootstrapServers) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-capture-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /**
     * Waits (up to 90 s) for an event of this type about this subject and returns it. The bound is generous because
     * the event leaves through the service's outbox, in order behind whatever earlier tests of the same context wrote
     * (a 100,000-row import job's events, for one), on a machine that may be running other builds.
     */
    public Received await(String type, String subject) {
        return awaitMatching(r ->
                r.event().getType().equals(type) && Objects.equals(r.event().getSubject(), subject));
    }

    public Received awaitMatching(Predicate<Received> condition) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            poll();
                            return received.stream()
                                    .filter(condition)
                                    .findFirst()
                                    .orElse(null);
                        },
                        Objects::nonNull);
    }

    /** Everything received so far (polls once first). */
    public List<Received> received() {
        poll();
        return List.copyOf(received);
    }

    private void poll() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            received.add(new Received(
                    record.key(),
                    CrmEventCodec.decode(record.value()),
                    record.headers().lastHeader("content-type") == null
                            ? null
                            : new String(
                                    record.headers().lastHeader("content-type").value())));
        }
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }

    public record Received(String key, CloudEvent event, String contentType) {

        public <T> T data(Class<T> type) {
            return CrmEventCodec.data(event, type);
        }
    }
}
