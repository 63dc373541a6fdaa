package com.crm.support.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.contracts.Topics;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.customer.CustomerConsentChanged;
import com.crm.test.CrmInfrastructure;
import com.crm.test.CrmInfrastructureInitializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay on real PostgreSQL and Kafka with several lanes in parallel, and a second relay with another lane count
 * beside it: every event arrives, and each key's events arrive in the order they were written, whichever lane and
 * relay carried them.
 */
@SpringBootTest(
        classes = OutboxRelayIntegrationTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.MOCK,
        properties = {
            "spring.application.name=outbox-relay-test",
            "crm.outbox.lanes=3",
            "crm.outbox.batch-size=40",
            "crm.outbox.poll-interval=50ms"
        })
@ContextConfiguration(initializers = CrmInfrastructureInitializer.class)
class OutboxRelayIntegrationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        /**
         * The topic is created at start, as every service creates the topics it owns: left to auto-creation at the
         * first send, a brand-new partition can take a later batch of the idempotent producer before the first
         * (the broker has no sequence for it yet and the first batch met a partition not ready), which reorders a
         * key's first events inside Kafka, not in the relay.
         */
        @Bean
        KafkaAdmin.NewTopics relayTestTopics(CrmTopics topics) {
            return topics.owned(Topics.CUSTOMER);
        }
    }

    @Autowired
    EventOutbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("outboxKafkaTemplate")
    KafkaTemplate<String, byte[]> kafka;

    @Test
    void everyEventArrivesAndEachKeyKeepsItsOrderAcrossParallelLanes() throws Exception {
        // a second relay with another lane count beside the context's (a rolling change of crm.outbox.lanes, or
        // another service's context on the same database): the key buckets still keep each key in one place
        OutboxRelay other = new OutboxRelay(
                jdbc,
                transactions,
                kafka,
                new OutboxProperties(Duration.ofMillis(50), 40, Duration.ofSeconds(15), Duration.ofDays(7), 2));
        AtomicBoolean done = new AtomicBoolean();
        Thread otherRelay = Thread.ofVirtual().start(() -> {
            while (!done.get()) {
                other.relayPending();
            }
        });
        try {
            writeAndReadInOrder();
        } finally {
            done.set(true);
            otherRelay.join();
        }
    }

    private void writeAndReadInOrder() {
        List<UUID> customers =
                IntStream.range(0, 12).mapToObj(i -> UUID.randomUUID()).toList();
        int perCustomer = 50;
        // several transactions, each writing a round of every customer's events, as concurrent writes would
        for (int round = 0; round < perCustomer; round += 10) {
            int first = round;
            transactions.executeWithoutResult(status -> {
                List<CustomerConsentChanged> events = new ArrayList<>();
                for (int n = first; n < first + 10; n++) {
                    for (UUID customer : customers) {
                        events.add(new CustomerConsentChanged(
                                customer, "EMAIL", "GRANTED", null, Instant.now(), Integer.toString(n)));
                    }
                }
                outbox.appendAll(events);
            });
        }

        Map<String, List<Integer>> arrived = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        CrmInfrastructure.get().kafkaBootstrap(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "relay-reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            String topic = jdbc.sql("select distinct topic from crm_outbox where message_key = :key")
                    .param("key", customers.getFirst().toString())
                    .query(String.class)
                    .single();
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (customers.contains(UUID.fromString(r.key()))) {
                        var event = CrmEventCodec.data(CrmEventCodec.decode(r.value()), CustomerConsentChanged.class);
                        arrived.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(event.source()));
                    }
                });
                return arrived.values().stream().mapToInt(List::size).sum() >= customers.size() * perCustomer;
            });
        }
        List<Integer> inOrder = IntStream.range(0, perCustomer).boxed().toList();
        customers.forEach(customer -> assertThat(arrived.get(customer.toString()))
                .as("events of %s", customer)
                .isEqualTo(inOrder));
        // the keys were spread over more than one lane, so the lanes really ran side by side
        assertThat(jdbc.sql("""
                        select count(distinct ((hashtext(message_key) & 2147483647) % 64) % 3) from crm_outbox
                        where message_key in (:keys)""")
                        .param("keys", customers.stream().map(UUID::toString).toList())
                        .query(Long.class)
                        .single())
                .isGreaterThan(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select count(*) from crm_outbox where published_at is null")
                                .query(Long.class)
                                .single()
                        == 0);
    }
}
