package com.crm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the launcher's embedded PostgreSQL and Kafka on a fresh data folder, writes a row and a
 * record, stops both, starts them again on the same folder and reads both back.
 */
class InfrastructureRestartTest {

    private static final String TOPIC = "crm.local-stack.test";

    @TempDir
    Path dataDir;

    @Test
    void dataAndRecordsSurviveARestart() throws Exception {
        int postgresPort = freePort();
        int kafkaPort = freePort();
        StackConfig config = config(postgresPort, kafkaPort, freePort());
        List<String> console = new CopyOnWriteArrayList<>();

        try (Infrastructure infrastructure = new Infrastructure(config, console::add)) {
            infrastructure.start();
            assertThat(console)
                    .anyMatch((line) -> line.contains("new cluster"))
                    .anyMatch((line) -> line.contains("Created database(s) crm_customer"))
                    .anyMatch((line) -> line.contains("formatted new log directory"));

            try (Connection db = connect(config);
                    Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE survivor (id int PRIMARY KEY, name text NOT NULL)");
                sql.execute("INSERT INTO survivor VALUES (1, 'still here')");
            }
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap()))) {
                // broker defaults: partitions from num.partitions, replication factor 1
                admin.createTopics(List.of(new NewTopic(TOPIC, Optional.empty(), Optional.empty())))
                        .all()
                        .get();
                assertThat(admin.describeTopics(List.of(TOPIC))
                                .allTopicNames()
                                .get()
                                .get(TOPIC)
                                .partitions())
                        .hasSize(6);
            }
            try (KafkaProducer<String, String> producer = producer(config)) {
                producer.send(new ProducerRecord<>(TOPIC, "customer-1", "registered"))
                        .get();
                // auto.create.topics.enable: asking for metadata creates the topic with 6 partitions
                assertThat(producer.partitionsFor("crm.local-stack.auto-created"))
                        .hasSize(6);
            }
            assertThat(consumeOne(config, "first-reader").value()).isEqualTo("registered");
        }
        assertThat(console)
                .anyMatch((line) -> line.startsWith("Kafka stopped"))
                .anyMatch((line) -> line.startsWith("PostgreSQL stopped"));

        console.clear();
        // the controller port is only configuration (static quorum): it may change between runs
        config = config(postgresPort, kafkaPort, freePort());
        try (Infrastructure infrastructure = new Infrastructure(config, console::add)) {
            infrastructure.start();
            assertThat(console)
                    .anyMatch((line) -> line.contains("existing cluster"))
                    .anyMatch((line) -> line.contains("existing log directory"))
                    .noneMatch((line) -> line.contains("Created database"));

            try (Connection db = connect(config);
                    Statement sql = db.createStatement();
                    ResultSet rows = sql.executeQuery("SELECT name FROM survivor WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("still here");
            }
            ConsumerRecord<String, String> again = consumeOne(config, "second-reader");
            assertThat(again.key()).isEqualTo("customer-1");
            assertThat(again.value()).isEqualTo("registered");
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap()))) {
                // the first reader's committed offset survived too (__consumer_offsets)
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("first-reader")
                        .partitionsToOffsetAndMetadata()
                        .get();
                assertThat(committed.values())
                        .extracting(OffsetAndMetadata::offset)
                        .contains(1L);
                assertThat(admin.listTopics().names().get()).contains(TOPIC, "crm.local-stack.auto-created");
            }
        }
    }

    private StackConfig config(int postgresPort, int kafkaPort, int kafkaControllerPort) {
        return StackConfig.resolve(
                Settings.of(
                        List.of(
                                "--data-dir=" + this.dataDir,
                                "--postgres-port=" + postgresPort,
                                "--kafka-port=" + kafkaPort,
                                "--kafka-controller-port=" + kafkaControllerPort),
                        Map.of(),
                        Map.of()),
                this.dataDir,
                Optional.empty(),
                Optional.empty(),
                Services.ALL);
    }

    private static Connection connect(StackConfig config) throws Exception {
        return DriverManager.getConnection(
                config.jdbcUrl("crm_customer"), config.databaseUser(), config.databasePassword());
    }

    private static KafkaProducer<String, String> producer(StackConfig config) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static ConsumerRecord<String, String> consumeOne(StackConfig config, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(TOPIC));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
            consumer.commitSync();
            assertThat(received).hasSize(1);
            return received.get(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
