package com.crm.interaction;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.Topics;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.test.CrmInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Publishes real customer-service CloudEvents to crm.customer.v1, and picks time zones for time-dependent rules. */
public final class TestCustomers {

    private static final CrmEventCodec CODEC = new CrmEventCodec("/crm/customer-service");
    private static final CrmEventCodec SEGMENTATION = new CrmEventCodec("/crm/segmentation-service");
    private static KafkaProducer<String, byte[]> producer;

    private TestCustomers() {}

    public static synchronized void publish(CrmEvent event) {
        CrmEventCodec.EncodedEvent encoded = CODEC.encode(event, Instant.now(), Map.of());
        send(Topics.CUSTOMER, encoded.key(), encoded.payload());
    }

    /**
     * Publishes an event as segmentation-service would (on crm.segmentation.v1, key = customer id).
     *
     * @return the CloudEvents id, e.g. to wait until the event is processed
     */
    public static synchronized UUID publishSegmentation(CrmEvent event) {
        CrmEventCodec.EncodedEvent encoded = SEGMENTATION.encode(event, Instant.now(), Map.of());
        send(encoded.topic(), encoded.key(), encoded.payload());
        return encoded.id();
    }

    public static synchronized void send(String topic, String key, byte[] payload) {
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
            producer.send(new ProducerRecord<>(topic, key, payload)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Registers a customer as customer-service would (a real CloudEvent on crm.customer.v1) and waits until the
     * service's projection holds it.
     */
    public static UUID register(JdbcClient jdbc, Map<String, String> consents, String timeZone) {
        return register(jdbc, consents, timeZone, "am-1", null);
    }

    /** {@link #register(JdbcClient, Map, String)} owned by a person and team (record-level access). */
    public static UUID register(
            JdbcClient jdbc, Map<String, String> consents, String timeZone, String ownerId, String teamId) {
        UUID id = UUID.randomUUID();
        CustomerSnapshot s = snapshot(id, 1, consents, timeZone);
        publish(new CustomerRegistered(
                id,
                new CustomerSnapshot(
                        s.id(),
                        s.type(),
                        s.company(),
                        s.jobTitle(),
                        s.industry(),
                        s.region(),
                        s.tags(),
                        ownerId,
                        s.consents(),
                        s.createdAt(),
                        s.updatedAt(),
                        s.version(),
                        s.timeZone(),
                        teamId)));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.sql("select count(*) from customer_projection where customer_id = :id")
                                .param("id", id)
                                .query(Long.class)
                                .single()
                        == 1);
        return id;
    }

    /** A snapshot as customer-service would publish it. */
    public static CustomerSnapshot snapshot(UUID id, long version, Map<String, String> consents, String timeZone) {
        Instant now = Instant.now();
        return new CustomerSnapshot(
                id, "PERSON", null, null, null, null, List.of(), "am-1", consents, now, now, version, timeZone);
    }

    /**
     * An IANA zone (Etc/GMT±h) in which the local time is now around {@code hour} o'clock, so tests of quiet hours
     * (and tests that must stay clear of them) do not depend on when they run.
     */
    public static String zoneWhereLocalHourIs(int hour) {
        int utcHour = Instant.now().atOffset(ZoneOffset.UTC).getHour();
        int offset = Math.floorMod(hour - utcHour + 12, 24) - 12; // -12..11
        // Etc/GMT zones carry the inverted sign: Etc/GMT-8 is UTC+8
        return offset == 0 ? "Etc/GMT" : offset > 0 ? "Etc/GMT-" + offset : "Etc/GMT+" + (-offset);
    }
}
