package com.crm.interaction.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.interaction.ContactRefused;
import com.crm.interaction.TestCustomers;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** crm.contact.refused: a refused attempt to record an outbound contact is durable even though nothing is recorded. */
@CrmServiceTest
class ContactRefusedEventIntegrationTest {

    private static final String TYPE = "crm.contact.refused";

    @RegisterExtension
    static final EventCapture events = EventCapture.of(Topics.INTERACTION);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient agent;

    @BeforeEach
    void clients() {
        agent = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
    }

    /** A customer who has had the two calls the default phone policy allows per 30 days. */
    private UUID calledTwice() {
        UUID customer =
                TestCustomers.register(jdbc, Map.of("PHONE", "GRANTED"), TestCustomers.zoneWhereLocalHourIs(12));
        assertThat(agent.post(
                                "/api/interactions",
                                call(
                                        customer,
                                        "agent-1",
                                        ",\"occurredAt\":\""
                                                + Instant.now()
                                                        .minus(3, ChronoUnit.DAYS)
                                                        .truncatedTo(ChronoUnit.SECONDS)
                                                + "\""))
                        .status())
                .isEqualTo(201);
        assertThat(agent.post("/api/interactions", call(customer, "agent-1", ""))
                        .status())
                .isEqualTo(201);
        return customer;
    }

    private static String call(UUID customer, String agentId, String more) {
        return """
                {"customerId":"%s","channel":"PHONE","direction":"OUTBOUND","type":"FOLLOW_UP","agentId":"%s"%s}""".formatted(customer, agentId, more);
    }

    private long refusalsInOutbox(UUID customer) {
        return jdbc.sql("select count(*) from crm_outbox where message_key = :key and event_type = :type")
                .param("key", customer.toString())
                .param("type", TYPE)
                .query(Long.class)
                .single();
    }

    private long interactions(UUID customer) {
        return jdbc.sql("select count(*) from interaction where customer_id = :id")
                .param("id", customer)
                .query(Long.class)
                .single();
    }

    @Test
    void aRefusedRecordingPublishesTheRefusalWithEveryRuleWhileACheckPublishesNothing() {
        UUID customer = calledTwice();
        Instant before = Instant.now();

        ApiResponse third = agent.post("/api/interactions", call(customer, "agent-7", ""));

        assertThat(third.status()).as(third.body()).isEqualTo(422);
        EventCapture.Received received = events.await(TYPE, customer.toString());
        assertThat(received.key()).isEqualTo(customer.toString());
        ContactRefused refused = received.data(ContactRefused.class);
        assertThat(refused.customerId()).isEqualTo(customer);
        assertThat(refused.channel()).isEqualTo("PHONE");
        assertThat(refused.purpose()).isEqualTo("SERVICE");
        assertThat(refused.reasons()).containsExactly("max-contacts", "min-gap");
        assertThat(refused.agentId()).isEqualTo("agent-7");
        assertThat(refused.refusedAt()).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(interactions(customer)).isEqualTo(2);

        ApiResponse check = agent.post("/api/contact-checks", """
                {"customerId":"%s","channel":"PHONE"}""".formatted(customer));
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.json().get("allowed").asBoolean()).isFalse();
        assertThat(refusalsInOutbox(customer)).isEqualTo(1);
    }

    @Test
    void aRetryReplayedByItsIdempotencyKeyPublishesNoSecondRefusal() {
        UUID customer = calledTwice();
        ApiClient keyed = agent.withHeader("Idempotency-Key", "third-call-" + customer);

        ApiResponse first = keyed.post("/api/interactions", call(customer, "agent-7", ""));
        ApiResponse retry = keyed.post("/api/interactions", call(customer, "agent-7", ""));

        assertThat(first.status()).isEqualTo(422);
        assertThat(retry.status()).isEqualTo(422);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(refusalsInOutbox(customer)).isEqualTo(1);
        // a new attempt (no key) is a new refusal
        assertThat(agent.post("/api/interactions", call(customer, "agent-8", ""))
                        .status())
                .isEqualTo(422);
        assertThat(refusalsInOutbox(customer)).isEqualTo(2);
    }

    @Test
    void eachRefusedBatchItemPublishesItsOwnRefusal() {
        UUID customer = calledTwice();

        ApiResponse batch = agent.post("/api/interactions/batch", """
                {"items":[%s,%s,
                  {"customerId":"%s","channel":"PHONE","direction":"INBOUND","type":"INQUIRY"}]}""".formatted(
                        call(customer, "batch-1", ""), call(customer, "batch-2", ""), customer));

        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        assertThat(batch.json().at("/results/0/status").asString()).isEqualTo("rejected");
        assertThat(batch.json().at("/results/0/problem/status").asInt()).isEqualTo(422);
        assertThat(batch.json().at("/results/1/status").asString()).isEqualTo("rejected");
        assertThat(batch.json().at("/results/2/status").asString()).isEqualTo("created");
        for (String agentId : new String[] {"batch-1", "batch-2"}) {
            ContactRefused refused = events.awaitMatching(
                            r -> r.event().getType().equals(TYPE)
                                    && customer.toString().equals(r.event().getSubject())
                                    && agentId.equals(
                                            r.data(ContactRefused.class).agentId()))
                    .data(ContactRefused.class);
            assertThat(refused.reasons()).contains("max-contacts");
        }
        assertThat(refusalsInOutbox(customer)).isEqualTo(2);
        assertThat(interactions(customer)).isEqualTo(3);
    }
}
