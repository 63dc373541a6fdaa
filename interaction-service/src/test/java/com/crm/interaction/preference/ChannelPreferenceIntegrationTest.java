package com.crm.interaction.preference;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.interaction.ChannelPreferenceChanged;
import com.crm.interaction.TestCustomers;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmInfrastructure;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@CrmServiceTest
class ChannelPreferenceIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private void record(ApiClient agent, UUID customer, String channel, String direction, String outcome) {
        ApiResponse r = agent.post("/api/interactions", """
                {"customerId":"%s","channel":"%s","direction":"%s","type":"SERVICE","outcome":"%s","occurredAt":"%s"}""".formatted(
                        customer, channel, direction, outcome, Instant.now().minus(2, ChronoUnit.DAYS)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void thePreferredChannelFollowsTheHistoryAndEachChangeIsPublished() {
        ApiClient agent =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        // an outbound call, even one recorded as history, needs the customer's consent to calls
        UUID customer = TestCustomers.register(jdbc, Map.of("PHONE", "GRANTED"), "Asia/Shanghai");
        try (EventCapture events = new EventCapture(CrmInfrastructure.get().kafkaBootstrap(), Topics.INTERACTION)) {
            record(agent, customer, "WECHAT", "INBOUND", "RESOLVED");
            record(agent, customer, "WECHAT", "INBOUND", "RESOLVED");
            record(agent, customer, "PHONE", "OUTBOUND", "NO_ANSWER");

            ChannelPreferenceChanged first = events.awaitMatching(
                            r -> r.event().getType().equals("crm.interaction.channel-preference-changed")
                                    && r.event().getSubject().equals(customer.toString()))
                    .data(ChannelPreferenceChanged.class);
            assertThat(first.preferredChannel()).isEqualTo("WECHAT");
            assertThat(first.previousChannel()).isNull();

            for (int i = 0; i < 3; i++) {
                record(agent, customer, "EMAIL", "INBOUND", "RESOLVED");
            }
            ChannelPreferenceChanged second = events.awaitMatching(
                            r -> r.event().getType().equals("crm.interaction.channel-preference-changed")
                                    && r.event().getSubject().equals(customer.toString())
                                    && "EMAIL"
                                            .equals(r.data(ChannelPreferenceChanged.class)
                                                    .preferredChannel()))
                    .data(ChannelPreferenceChanged.class);
            assertThat(second.previousChannel()).isEqualTo("WECHAT");
            assertThat(second.ranking()).containsExactly("EMAIL", "WECHAT");
            long changes = events.received().stream()
                    .filter(r -> r.event().getType().equals("crm.interaction.channel-preference-changed")
                            && r.event().getSubject().equals(customer.toString()))
                    .count();
            assertThat(changes).isEqualTo(2);
        }

        JsonNode preference =
                agent.get("/api/customers/" + customer + "/channel-preference").json();
        assertThat(preference.get("preferredChannel").asString()).isEqualTo("EMAIL");
        List<String> ranking = new ArrayList<>();
        preference.get("ranking").forEach(s -> ranking.add(s.get("channel").asString()));
        assertThat(ranking).containsExactly("EMAIL", "WECHAT");
    }
}
