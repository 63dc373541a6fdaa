package com.crm.interaction.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.contracts.events.interaction.ContactStateChanged;
import com.crm.contracts.events.interaction.ContactStateChanged.LastContact;
import com.crm.contracts.events.interaction.ContactStateChanged.PolicyWindow;
import com.crm.interaction.TestCustomers;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** crm.contact.state-changed: published with every change of a customer's contact state, through the outbox. */
@CrmServiceTest
class ContactStateIntegrationTest {

    private static final String TYPE = "crm.contact.state-changed";
    /** The default policies of migration V3. */
    private static final UUID PHONE_POLICY = UUID.fromString("00000000-0000-4000-8000-000000000001");

    private static final UUID MARKETING_EMAIL_POLICY = UUID.fromString("00000000-0000-4000-8000-000000000002");
    private static final UUID EMAIL_CONSENT_POLICY = UUID.fromString("00000000-0000-4000-8000-000000000003");
    private static final UUID WECHAT_CONSENT_POLICY = UUID.fromString("00000000-0000-4000-8000-000000000005");
    private static final UUID ALL_CHANNELS_POLICY = UUID.fromString("00000000-0000-4000-8000-000000000006");

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

    private Instant record(UUID customer, String channel, String direction, Instant at) {
        ApiResponse r = agent.post("/api/interactions", """
                {"customerId":"%s","channel":"%s","direction":"%s","type":"SERVICE","outcome":"REACHED"%s}""".formatted(
                        customer, channel, direction, at == null ? "" : ",\"occurredAt\":\"" + at + "\""));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Instant.parse(r.json().get("occurredAt").asString());
    }

    private ContactStateChanged awaitState(UUID customer, Predicate<ContactStateChanged> condition) {
        EventCapture.Received received =
                events.awaitMatching(r -> r.event().getType().equals(TYPE)
                        && customer.toString().equals(r.event().getSubject())
                        && condition.test(r.data(ContactStateChanged.class)));
        assertThat(received.key()).isEqualTo(customer.toString());
        return received.data(ContactStateChanged.class);
    }

    private static PolicyWindow window(ContactStateChanged state, UUID policy) {
        return state.policyWindows().stream()
                .filter(w -> w.policyId().equals(policy))
                .findFirst()
                .orElseThrow();
    }

    private long statesInOutbox(UUID customer) {
        return jdbc.sql("select count(*) from crm_outbox where message_key = :key and event_type = :type")
                .param("key", customer.toString())
                .param("type", TYPE)
                .query(Long.class)
                .single();
    }

    @Test
    void twoCallsUnderTheTwoPerThirtyDaysPolicyLeaveNoneAndTellWhenTheNextIsAllowed() {
        UUID customer =
                TestCustomers.register(jdbc, Map.of("PHONE", "GRANTED"), TestCustomers.zoneWhereLocalHourIs(12));
        Instant first = record(
                customer,
                "PHONE",
                "OUTBOUND",
                Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
        Instant email = record(
                customer,
                "EMAIL",
                "INBOUND",
                Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
        Instant second = record(customer, "PHONE", "OUTBOUND", null); // now: checked against the policies

        ContactStateChanged state = awaitState(
                customer,
                s -> s.lastContacts().stream().anyMatch(c -> c.channel().equals("PHONE") && c.at().equals(second)));

        PolicyWindow phone = window(state, PHONE_POLICY);
        assertThat(phone.channel()).isEqualTo("PHONE");
        assertThat(phone.purpose()).isNull();
        assertThat(phone.maxContacts()).isEqualTo(2);
        assertThat(phone.window()).isEqualTo("P30D");
        assertThat(phone.used()).isEqualTo(2);
        assertThat(phone.remaining()).isZero();
        assertThat(phone.nextAllowedAt()).isEqualTo(first.plus(Duration.ofDays(30)));
        PolicyWindow all = window(state, ALL_CHANNELS_POLICY);
        assertThat(all.used()).isEqualTo(2);
        assertThat(all.remaining()).isEqualTo(8);
        assertThat(all.nextAllowedAt()).isNull();
        PolicyWindow marketing = window(state, MARKETING_EMAIL_POLICY);
        assertThat(marketing.used()).isZero(); // an inbound email is no outbound contact
        assertThat(marketing.purpose()).isEqualTo("MARKETING");
        assertThat(state.policyWindows())
                .extracting(PolicyWindow::policyId)
                .doesNotContain(EMAIL_CONSENT_POLICY, WECHAT_CONSENT_POLICY); // no maxContacts per window

        assertThat(state.lastContacts())
                .containsExactly(
                        new LastContact("EMAIL", "INBOUND", email), new LastContact("PHONE", "OUTBOUND", second));
        assertThat(state.preferredChannel()).isEqualTo("PHONE");
        assertThat(state.nextDue()).isNull();
        assertThat(state.asOf()).isBetween(second.minusSeconds(1), Instant.now());
        // one state per recorded interaction, each in the transaction of its interaction
        assertThat(statesInOutbox(customer)).isEqualTo(3);
    }

    @Test
    void aBatchItemAndAMergePublishTheSurvivorsStateWithTheMergedTimeline() {
        UUID survivor = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai");
        UUID merged = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai");
        Instant visit = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        ApiResponse batch = agent.post("/api/interactions/batch", """
                {"items":[{"customerId":"%s","channel":"VISIT","direction":"INBOUND","type":"SERVICE",
                           "occurredAt":"%s"}]}""".formatted(survivor, visit));
        assertThat(batch.json().at("/results/0/status").asString())
                .as(batch.body())
                .isEqualTo("created");
        awaitState(survivor, s -> s.lastContacts().equals(List.of(new LastContact("VISIT", "INBOUND", visit))));
        Instant chat = record(merged, "WECHAT", "INBOUND", visit.plusSeconds(60));
        awaitState(merged, s -> !s.lastContacts().isEmpty());
        long mergedStates = statesInOutbox(merged);

        TestCustomers.publish(new CustomerMerged(
                survivor,
                List.of(merged),
                Instant.now(),
                TestCustomers.snapshot(survivor, 2, Map.of(), "Asia/Shanghai")));

        ContactStateChanged state = awaitState(survivor, s -> s.lastContacts().size() == 2);
        assertThat(state.lastContacts())
                .containsExactly(
                        new LastContact("VISIT", "INBOUND", visit), new LastContact("WECHAT", "INBOUND", chat));
        // the merged-away id has no state of its own any more, even when a late contact is recorded about it
        record(merged, "SMS", "INBOUND", null);
        assertThat(statesInOutbox(merged)).isEqualTo(mergedStates);
    }

    @Test
    void anErasedCustomerGetsNoState() {
        UUID customer = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai");
        record(
                customer,
                "VISIT",
                "INBOUND",
                Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
        assertThat(statesInOutbox(customer)).isEqualTo(1);

        TestCustomers.publish(new CustomerErased(customer, Instant.now()));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> "ERASED"
                        .equals(jdbc.sql("select status from customer_projection where customer_id = :id")
                                .param("id", customer)
                                .query(String.class)
                                .single()));
        record(customer, "VISIT", "INBOUND", null); // a late import about the erased customer

        assertThat(statesInOutbox(customer)).isEqualTo(1);
    }
}
