package com.crm.support.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.Topics;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.customer.CustomerConsentChanged;
import com.crm.contracts.events.interaction.ContactStateChanged;
import com.crm.test.CrmInfrastructure;
import com.crm.test.CrmInfrastructureInitializer;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * Batches on real PostgreSQL and Kafka: a batch is applied in one transaction, a poison record is parked alone,
 * a redelivery changes nothing, one customer's events keep their order and a superseded snapshot is skipped.
 */
@SpringBootTest(
        classes = BatchConsumerIntegrationTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.MOCK,
        properties = {
            "spring.application.name=batch-consumer-test",
            "crm.consumer.max-retries=2",
            "crm.consumer.initial-interval=20ms",
            "crm.consumer.max-interval=50ms"
        })
@ContextConfiguration(initializers = CrmInfrastructureInitializer.class)
class BatchConsumerIntegrationTest {

    static final String TOPIC = "crm.batch-test.v1";
    static final String LISTENER = "batch-test";
    static final CrmEventCodec CODEC = new CrmEventCodec("/crm/test");

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Listener listener(IdempotentEventProcessor processor, JdbcClient jdbc) {
            return new Listener(processor, jdbc);
        }
    }

    /** Applies consents in order (a FAIL channel always throws, a FLAKY one the first time) and contact states. */
    static class Listener {

        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        private final IdempotentEventProcessor processor;
        private final CrmEventHandlers handlers;

        Listener(IdempotentEventProcessor processor, JdbcClient jdbc) {
            this.processor = processor;
            this.handlers = CrmEventHandlers.builder()
                    .on(CustomerConsentChanged.class, consent -> {
                        if (consent.channel().equals("FAIL")
                                || consent.channel().equals("FLAKY") && failedOnce.add(consent.source())) {
                            throw new IllegalStateException("cannot apply " + consent.source());
                        }
                        applied(jdbc, consent.customerId(), consent.source());
                    })
                    .onLatest(
                            ContactStateChanged.class,
                            state -> applied(jdbc, state.customerId(), "state " + state.preferredChannel()))
                    .afterBatch(customers -> customers.forEach(customer -> jdbc.sql(
                                    "insert into batch_test_after (customer_id) values (cast(:customer as uuid))")
                            .param("customer", customer)
                            .update()))
                    .build();
        }

        private static void applied(JdbcClient jdbc, UUID customer, String what) {
            jdbc.sql("insert into batch_test_applied (customer_id, what) values (:customer, :what)")
                    .param("customer", customer)
                    .param("what", what)
                    .update();
        }

        @KafkaListener(
                id = LISTENER,
                topics = TOPIC,
                containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY,
                autoStartup = "false")
        void on(List<ConsumerRecord<String, byte[]>> records) {
            batchSizes.add(records.size());
            processor.processBatch(LISTENER, records, handlers);
        }
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Listener listener;

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @Autowired
    MeterRegistry meters;

    @Autowired
    @Qualifier("outboxKafkaTemplate")
    KafkaTemplate<String, byte[]> kafka;

    @BeforeAll
    static void topics() throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                CrmInfrastructure.get().kafkaBootstrap()))) {
            // one partition, so that everything published before the listener starts arrives as one batch
            admin.createTopics(List.of(
                            new NewTopic(TOPIC, 1, (short) 1), new NewTopic(Topics.deadLetter(TOPIC), 1, (short) 1)))
                    .all()
                    .get();
        }
    }

    @BeforeEach
    void table() {
        jdbc.sql(
                        "create table if not exists batch_test_applied (seq bigserial primary key, customer_id uuid, what text)")
                .update();
        jdbc.sql("create table if not exists batch_test_after (customer_id uuid)")
                .update();
        registry.getListenerContainer(LISTENER).stop();
    }

    @Test
    void aPoisonRecordIsParkedAloneAndTheRestOfItsBatchIsAppliedOnce() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<ProducerRecord<String, byte[]>> sent = new ArrayList<>();
        sent.add(consent(a, "EMAIL", "a1"));
        sent.add(consent(b, "EMAIL", "b1"));
        sent.add(new ProducerRecord<>(TOPIC, a.toString(), "not a cloud event".getBytes(StandardCharsets.UTF_8)));
        sent.add(consent(a, "EMAIL", "a2"));
        sent.add(consent(b, "FAIL", "b-poison"));
        sent.add(consent(b, "EMAIL", "b2"));
        sent.add(consent(a, "EMAIL", "a3"));
        publishThenStart(sent);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(applied(a)).containsExactly("a1", "a2", "a3");
            assertThat(applied(b)).containsExactly("b1", "b2");
        });
        assertThat(deadLetters(2)).containsExactlyInAnyOrder("not a cloud event", "b-poison");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(meters.find("crm.dead.letters")
                                .tag("topic", TOPIC)
                                .counters())
                        .singleElement()
                        .satisfies(counter -> assertThat(counter.count()).isEqualTo(2)));

        // the same records again (a producer's retry, a rebalance): nothing changes
        int batches = listener.batchSizes.size();
        publishThenStart(sent.stream()
                .filter(r -> !new String(r.value(), StandardCharsets.UTF_8).startsWith("not a"))
                .filter(r -> !new String(r.value(), StandardCharsets.UTF_8).contains("\"FAIL\""))
                .toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> listener.batchSizes.size() > batches);
        assertThat(applied(a)).containsExactly("a1", "a2", "a3");
        assertThat(applied(b)).containsExactly("b1", "b2");
    }

    @Test
    void oneCustomersEventsApplyInOrderAndOnlyTheNewestSnapshotOfABatchIsApplied() throws Exception {
        UUID c = UUID.randomUUID();
        publishThenStart(List.of(
                state(c, "SMS"),
                consent(c, "SMS", "c1"),
                state(c, "PHONE"),
                consent(c, "SMS", "c2"),
                state(c, "EMAIL")));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(applied(c)).containsExactly("c1", "c2", "state EMAIL"));
        assertThat(listener.batchSizes).contains(5);
        // what is derived from the customer's whole history ran once for the batch, not once per event
        assertThat(jdbc.sql("select count(*) from batch_test_after where customer_id = :customer")
                        .param("customer", c)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        // the superseded snapshots count as processed: a redelivery of them changes nothing either
        assertThat(jdbc.sql("""
                        select count(*) from crm_processed_event
                        where consumer = :consumer and event_type = 'crm.contact.state-changed'""").param("consumer", LISTENER).query(Long.class).single())
                .isEqualTo(3);
        // counted once the batch has committed, a moment after its rows became visible
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(meters.find("crm.events")
                                .tag("consumer", LISTENER)
                                .tag("outcome", "superseded")
                                .counters())
                        .singleElement()
                        .satisfies(counter -> assertThat(counter.count()).isEqualTo(2)));
        // freshness for ops: the age of the newest event applied, per topic and consumer
        assertThat(meters.get("crm.event.lag")
                        .tag("topic", TOPIC)
                        .tag("consumer", LISTENER)
                        .gauge()
                        .value())
                .isBetween(0.0, 60.0);
        // and every applied event's write-to-committed time as a histogram (superseded and duplicates not counted)
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(meters.find("crm.event.freshness")
                                .tag("topic", TOPIC)
                                .tag("consumer", LISTENER)
                                .timer())
                        .isNotNull()
                        .satisfies(timer -> assertThat(timer.count()).isPositive()));
    }

    @Test
    void aFailureBeforeCommitRepeatsNothing() throws Exception {
        UUID d = UUID.randomUUID();
        // the flaky record fails once after d1 and d2 were applied in the same transaction, which then rolls back
        publishThenStart(List.of(
                consent(d, "EMAIL", "d1"),
                consent(d, "EMAIL", "d2"),
                consent(d, "FLAKY", "d3"),
                consent(d, "EMAIL", "d4")));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(applied(d)).containsExactly("d1", "d2", "d3", "d4"));
        assertThat(listener.failedOnce).contains("d3");
    }

    private void publishThenStart(List<ProducerRecord<String, byte[]>> records) throws Exception {
        registry.getListenerContainer(LISTENER).stop();
        for (ProducerRecord<String, byte[]> record : records) {
            kafka.send(record).get();
        }
        registry.getListenerContainer(LISTENER).start();
    }

    private List<String> applied(UUID customer) {
        return jdbc.sql("select what from batch_test_applied where customer_id = :customer order by seq")
                .param("customer", customer)
                .query(String.class)
                .list();
    }

    private static ProducerRecord<String, byte[]> consent(UUID customer, String channel, String marker) {
        return record(new CustomerConsentChanged(customer, channel, "GRANTED", null, Instant.now(), marker));
    }

    private static ProducerRecord<String, byte[]> state(UUID customer, String preferred) {
        return record(new ContactStateChanged(customer, List.of(), null, preferred, List.of(), Instant.now()));
    }

    private static ProducerRecord<String, byte[]> record(CrmEvent event) {
        var encoded = CODEC.encode(event, Instant.now(), Map.of());
        return new ProducerRecord<>(TOPIC, encoded.key(), encoded.payload());
    }

    /** The dead-lettered records, each as its marker: the raw value, or the consent's source. */
    private static List<String> deadLetters(int expected) {
        List<String> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        CrmInfrastructure.get().kafkaBootstrap(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "dlt-reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.deadLetter(TOPIC)));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    String value = new String(r.value(), StandardCharsets.UTF_8);
                    found.add(
                            value.startsWith("{")
                                    ? CrmEventCodec.data(CrmEventCodec.decode(r.value()), CustomerConsentChanged.class)
                                            .source()
                                    : value);
                });
                return found.size() >= expected;
            });
        }
        return found;
    }
}
