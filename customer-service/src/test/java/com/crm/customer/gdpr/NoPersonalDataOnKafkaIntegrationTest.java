package com.crm.customer.gdpr;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.audit.AuditRecorded;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmInfrastructure;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestEvents;
import com.crm.test.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Customer events carry no direct identifiers, so after an erasure no topic (dead-letter topics included) holds the
 * person in readable form: a customer's whole life (registered, updated, a consent changed, another merged into it,
 * erased) is published, then every record of every topic on the broker is read from the beginning, and none has the
 * customer's names, emails or phone in its key, value or headers. A dead-letter topic is among them: an event about
 * the customer that its consumer could not process is parked there first.
 */
@CrmServiceTest
class NoPersonalDataOnKafkaIntegrationTest {

    @RegisterExtension
    static final EventCapture events = EventCapture.of(Topics.CUSTOMER);

    @RegisterExtension
    static final EventCapture parked = EventCapture.of(Topics.deadLetter(Topics.AUDIT));

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void afterAnErasureNoTopicHoldsTheCustomersPersonalData() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        ApiClient writer = base.withToken(TestTokens.withScopes("crm.read", "crm.write"));
        ApiClient merger = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.merge"));
        ApiClient eraser = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.erase"));

        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String givenName = "Piiwen" + letters(6);
        String familyName = "Holloway" + letters(6);
        String laterFamilyName = "Ashgrove" + letters(6);
        String chineseName = chinese(3);
        String email = "Pii.Person." + run + "@Example.org";
        String secondEmail = "pii.work." + run + "@example.net";
        String twinEmail = "pii.twin." + run + "@example.com";
        String twinName = "Twinley" + letters(6);
        String phoneDigits = "139" + digits(8);
        String twinPhoneDigits = "137" + digits(8);

        ApiResponse created = writer.post("/api/customers", """
                {"type":"PERSON","givenName":"%s","familyName":"%s",
                 "emails":[{"address":"%s","primary":true}],"phones":[{"number":"+86 %s"}],
                 "company":"Acme","jobTitle":"Buyer","timeZone":"Asia/Shanghai",
                 "consents":{"EMAIL":{"status":"GRANTED","source":"web-form"}}}""".formatted(givenName, familyName, email, phoneDigits));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        String path = "/api/customers/" + id;

        ApiResponse updated = writer.withHeader("If-Match", "\"1\"")
                .patch(path, """
                {"familyName":"%s","displayName":"%s","emails":[{"address":"%s","primary":true},{"address":"%s"}],
                 "jobTitle":"Head of Buying"}""".formatted(laterFamilyName, chineseName, email, secondEmail));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        ApiResponse consent = writer.withHeader("If-Match", "\"2\"")
                .patch(path, "{\"consents\":{\"EMAIL\":{\"status\":\"WITHDRAWN\",\"source\":\"unsubscribe-link\"}}}");
        assertThat(consent.status()).as(consent.body()).isEqualTo(200);

        ApiResponse twin =
                writer.post("/api/customers", """
                {"type":"PERSON","givenName":"%s","familyName":"%s","emails":[{"address":"%s"}],
                 "phones":[{"number":"+86 %s"}],"consents":{"SMS":{"status":"GRANTED"}}}""".formatted(twinName, familyName, twinEmail, twinPhoneDigits));
        assertThat(twin.status()).as(twin.body()).isEqualTo(201);
        String twinId = twin.json().get("id").asString();
        ApiResponse merged = merger.post(
                "/api/customers/merge", "{\"survivorId\":\"" + id + "\",\"mergedIds\":[\"" + twinId + "\"]}");
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        events.await("crm.customer.merged", id);

        // an event about the customer that its consumer cannot process (an audit entry without an actor) is parked
        // on the dead-letter topic, with the failure in its headers: that topic is read as well
        TestEvents.publish(
                "/crm/interaction-service",
                new AuditRecorded(
                        UUID.fromString(id),
                        null,
                        null,
                        null,
                        "contact-policy.overridden",
                        "customer",
                        id,
                        Instant.now(),
                        null,
                        Map.of()));
        parked.awaitMatching(r -> id.equals(r.key()));

        ApiResponse erased = eraser.post(path + "/erasure", "");
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        events.await("crm.customer.erased", id);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from crm_outbox where published_at is null")
                                .query(Long.class)
                                .single()
                        == 0);

        Set<String> needles = new LinkedHashSet<>(List.of(
                givenName,
                familyName,
                laterFamilyName,
                chineseName,
                twinName,
                email,
                email.toLowerCase(Locale.ROOT),
                secondEmail,
                twinEmail,
                phoneDigits,
                twinPhoneDigits));
        Map<String, List<byte[]>> topics = readEveryTopic();
        assertThat(topics.keySet())
                .as("the customer's and the audit topic were read")
                .contains(Topics.CUSTOMER, Topics.AUDIT, Topics.deadLetter(Topics.AUDIT));
        List<String> found = new ArrayList<>();
        topics.forEach((topic, fields) -> {
            for (byte[] field : fields) {
                for (String needle : needles) {
                    if (contains(field, needle.getBytes(StandardCharsets.UTF_8))) {
                        found.add(topic + ": " + needle);
                    }
                }
            }
        });
        assertThat(found)
                .as("personal data readable on Kafka (%d topics read)", topics.size())
                .isEmpty();
    }

    /** The key, value, header names and header values of every record of every topic (internal ones too). */
    private static Map<String, List<byte[]>> readEveryTopic() {
        String bootstrap = CrmInfrastructure.get().kafkaBootstrap();
        List<TopicPartition> partitions = new ArrayList<>();
        Map<String, List<byte[]>> fields = new TreeMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get();
            for (TopicDescription topic :
                    admin.describeTopics(names).allTopicNames().get().values()) {
                fields.put(topic.name(), new ArrayList<>());
                topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_uncommitted",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        2000),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ZERO)
                    .until(() -> {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                            List<byte[]> of = fields.get(record.topic());
                            if (record.key() != null) {
                                of.add(record.key());
                            }
                            if (record.value() != null) {
                                of.add(record.value());
                            }
                            for (Header header : record.headers()) {
                                of.add(header.key().getBytes(StandardCharsets.UTF_8));
                                if (header.value() != null) {
                                    of.add(header.value());
                                }
                            }
                        }
                        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                    });
        }
        return fields;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String letters(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return s.toString();
    }

    private static String digits(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(ThreadLocalRandom.current().nextInt(10));
        }
        return s.toString();
    }

    private static String chinese(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) (0x4E00 + ThreadLocalRandom.current().nextInt(0x9FA5 - 0x4E00)));
        }
        return s.toString();
    }
}
