package com.crm.segmentation;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.test.CrmInfrastructure;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes real CloudEvents as their owning services would (codec, topic, key = customer id) to the test broker. */
public final class TestEvents {

    private static final Map<String, CrmEventCodec> CODECS = new ConcurrentHashMap<>();
    private static KafkaProducer<String, byte[]> producer;

    private TestEvents() {}

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            CrmInfrastructure.get().kafkaBootstrap(),
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.LINGER_MS_CONFIG,
                            5),
                    new StringSerializer(),
                    new ByteArraySerializer());
        }
        return producer;
    }

    /** Sends without waiting (call {@link #flush()}); {@code source} e.g. {@code /crm/customer-service}. */
    public static Future<RecordMetadata> sendAsync(String source, CrmEvent event) {
        CrmEventCodec.EncodedEvent encoded =
                CODECS.computeIfAbsent(source, CrmEventCodec::new).encode(event, Instant.now(), Map.of());
        return producer().send(new ProducerRecord<>(encoded.topic(), encoded.key(), encoded.payload()));
    }

    public static void publish(String source, CrmEvent event) {
        try {
            sendAsync(source, event).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void flush() {
        producer().flush();
    }
}
