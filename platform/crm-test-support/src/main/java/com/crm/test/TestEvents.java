package com.crm.test;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.cloudevents.CrmEventCodec;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes real CloudEvents onto the test broker, as the services that own them would. */
public final class TestEvents {

    private static KafkaProducer<String, byte[]> producer;

    private TestEvents() {}

    /** Encodes and sends; returns the encoded event so a test can re-send the very same one. */
    public static CrmEventCodec.EncodedEvent publish(String source, CrmEvent event) {
        CrmEventCodec.EncodedEvent encoded = new CrmEventCodec(source).encode(event, Instant.now(), Map.of());
        send(encoded);
        return encoded;
    }

    public static synchronized void send(CrmEventCodec.EncodedEvent encoded) {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            CrmInfrastructure.get().kafkaBootstrap(),
                            ProducerConfig.ACKS_CONFIG,
                            "all"),
                    new StringSerializer(),
                    new ByteArraySerializer());
        }
        try {
            producer.send(new ProducerRecord<>(encoded.topic(), encoded.key(), encoded.payload()))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
