package com.crm.tokenissuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.audit.AuditRecorded;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Changes to people through the admin API are audit events on crm.audit.v1 of a real (in-process) Kafka broker, in
 * the platform's contract, with the admin token's subject as the actor and never a password.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PeopleAuditTests {

    // started here rather than with @EmbeddedKafka, and told to publish its address under a name of its own: by
    // default it sets the system property spring.kafka.bootstrap-servers, which the other test classes' contexts
    // would then pick up (and wait for once this broker is gone)
    private static final EmbeddedKafkaKraftBroker BROKER = new EmbeddedKafkaKraftBroker(1, 1, Topics.AUDIT);

    static {
        BROKER.brokerListProperty("crm.test.people-audit-brokers");
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry properties) {
        properties.add("crm.token-issuer.audit.bootstrap-servers", PeopleAuditTests::bootstrapServers);
    }

    @AfterAll
    static void stopBroker() {
        BROKER.destroy();
    }

    private static boolean started;

    private static synchronized String bootstrapServers() {
        if (!started) {
            BROKER.afterPropertiesSet();
            started = true;
        }
        return BROKER.getBrokersAsString();
    }

    private KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();

    @BeforeEach
    void listen() {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "audit-test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.AUDIT));
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void aRoleChangeByAnAdminIsAnAuditEventNamingTheAdminAndThePerson() throws Exception {
        String admin = clientToken("crm-admin", "admin-secret");
        String username = "dave-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "a-secret-password-" + UUID.randomUUID();
        HttpResponse<String> created = admin(admin, "POST", "/admin/users", """
                {"username":"%s","password":"%s","role":"agent","team":"north"}""".formatted(username, password));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> promoted = admin(admin, "PUT", "/admin/users/" + username, """
                {"role":"manager","team":"south","enabled":true}""");
        assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
        HttpResponse<String> disabled = admin(admin, "PUT", "/admin/users/" + username, """
                {"role":"manager","team":"south","enabled":false,"password":"%s-new"}""".formatted(password));
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        assertThat(admin(admin, "DELETE", "/admin/users/" + username, null).statusCode())
                .isEqualTo(204);

        ConsumerRecord<String, byte[]> roleChange = await(username, "user.role-changed");
        CloudEvent event = CrmEventCodec.decode(roleChange.value());
        assertThat(event.getType()).isEqualTo("crm.audit.recorded");
        assertThat(event.getSource()).hasToString("/crm/token-issuer");
        assertThat(event.getSubject()).as("about no customer").isNull();
        assertThat(new String(roleChange.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .isEqualTo("application/cloudevents+json");
        AuditRecorded entry = CrmEventCodec.data(event, AuditRecorded.class);
        assertThat(entry.actorId()).isEqualTo("crm-admin");
        assertThat(entry.actorKind()).isEqualTo("CLIENT");
        assertThat(entry.actorRole()).isEqualTo("CLIENT");
        assertThat(entry.subjectType()).isEqualTo("user");
        assertThat(entry.subjectId()).isEqualTo(username);
        assertThat(entry.customerId()).isNull();
        assertThat(entry.occurredAt()).isNotNull();
        assertThat(entry.details()).containsEntry("role", "manager").containsEntry("previousRole", "agent");

        assertThat(data(await(username, "user.created")).details())
                .containsEntry("role", "agent")
                .containsEntry("team", "north")
                .containsEntry("enabled", "true");
        assertThat(data(await(username, "user.team-changed")).details())
                .containsEntry("team", "south")
                .containsEntry("previousTeam", "north");
        assertThat(data(await(username, "user.disabled")).actorId()).isEqualTo("crm-admin");
        assertThat(data(await(username, "user.password-changed")).details()).isEmpty();
        assertThat(data(await(username, "user.deleted")).details()).containsEntry("role", "manager");

        assertThat(received)
                .as("no audit event holds a password")
                .allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8))
                        .doesNotContain(password));
        assertThat(received.stream()
                        .map(PeopleAuditTests::data)
                        .filter(e -> username.equals(e.subjectId()))
                        .map(AuditRecorded::action))
                .as("one event per change, nothing for an unchanged field (the update kept the team enabled)")
                .containsExactlyInAnyOrder(
                        "user.created",
                        "user.role-changed",
                        "user.team-changed",
                        "user.disabled",
                        "user.password-changed",
                        "user.deleted");
    }

    private ConsumerRecord<String, byte[]> await(String username, String action) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                            return received.stream()
                                    .filter(r -> {
                                        AuditRecorded e = data(r);
                                        return username.equals(e.subjectId()) && action.equals(e.action());
                                    })
                                    .findFirst();
                        },
                        Optional::isPresent)
                .orElseThrow();
    }

    private static AuditRecorded data(ConsumerRecord<String, byte[]> record) {
        return CrmEventCodec.data(CrmEventCodec.decode(record.value()), AuditRecorded.class);
    }

    private String clientToken(String clientId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url("/oauth2/token")))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private HttpResponse<String> admin(String token, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
