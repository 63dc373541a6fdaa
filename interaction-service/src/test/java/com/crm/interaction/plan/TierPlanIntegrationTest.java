package com.crm.interaction.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.contracts.events.interaction.ContactStateChanged;
import com.crm.contracts.events.loyalty.LevelChanged;
import com.crm.contracts.events.segmentation.CustomerValueScored;
import com.crm.contracts.events.segmentation.TierChanged;
import com.crm.interaction.TestCustomers;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmInfrastructure;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestEvents;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Plans with a tier list that tier's customers, as crm.segmentation.v1 tells interaction-service. */
@CrmServiceTest
class TierPlanIntegrationTest {

    private static final Duration WITHIN_SECONDS = Duration.ofSeconds(30);
    private static final String LOYALTY = "/crm/loyalty-service";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient agent;
    private ApiClient admin;

    @BeforeEach
    void clients() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        agent = base.withToken(TestTokens.withScopes("crm.read", "crm.write"));
        admin = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.admin"));
    }

    private String tierPlan(String tier) {
        ApiResponse created = admin.post("/api/communication-plans", """
                {"name":"Tier %s visits %s","tier":"%s","rules":[{"channel":"VISIT","every":"P3M"}]}""".formatted(tier, UUID.randomUUID(), tier));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private boolean listed(String planId, UUID customer) {
        ApiResponse due = agent.get("/api/due-contacts?customerId=" + customer);
        assertThat(due.status()).as(due.body()).isEqualTo(200);
        for (var item : due.json().get("items")) {
            if (item.get("planId").asString().equals(planId)) {
                return true;
            }
        }
        return false;
    }

    private String tier(UUID customer) {
        return jdbc.sql("select tier from customer_projection where customer_id = :id")
                .param("id", customer)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private void awaitProcessed(UUID eventId) {
        Awaitility.await()
                .atMost(WITHIN_SECONDS)
                .until(() -> jdbc.sql("select count(*) from crm_processed_event where event_id = :id")
                                .param("id", eventId.toString())
                                .query(Long.class)
                                .single()
                        == 1);
    }

    @Test
    void aPlanForTierAListsACustomerOnceTheyReachTierAAndStopsWhenTheyMoveToB() {
        String plan = tierPlan("A");
        UUID customer = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai");
        assertThat(listed(plan, customer)).isFalse();
        Instant scored = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        try (EventCapture events = new EventCapture(CrmInfrastructure.get().kafkaBootstrap(), Topics.INTERACTION)) {
            TestCustomers.publishSegmentation(
                    new TierChanged(customer, null, "A", "8800.00", scored, UUID.randomUUID()));
            Awaitility.await().atMost(WITHIN_SECONDS).until(() -> listed(plan, customer));
            // the tier changed the customer's next due contact: their contact state says so
            ContactStateChanged state = events.awaitMatching(
                            r -> r.event().getType().equals("crm.contact.state-changed")
                                    && customer.toString().equals(r.event().getSubject()))
                    .data(ContactStateChanged.class);
            assertThat(state.nextDue()).isNotNull();
            assertThat(state.nextDue().planId()).hasToString(plan);
            assertThat(state.nextDue().channel()).isEqualTo("VISIT");
        }

        TestCustomers.publishSegmentation(
                new TierChanged(customer, "A", "B", "1200.00", scored.plusSeconds(60), UUID.randomUUID()));
        Awaitility.await().atMost(WITHIN_SECONDS).until(() -> !listed(plan, customer));

        // an older event arriving late changes nothing: newest wins by the event's time
        awaitProcessed(TestCustomers.publishSegmentation(
                new TierChanged(customer, "B", "A", "9000.00", scored.plusSeconds(30), UUID.randomUUID())));
        assertThat(tier(customer)).isEqualTo("B");
        assertThat(listed(plan, customer)).isFalse();
    }

    @Test
    void aPlanForALoyaltyLevelListsItsMembersAndFollowsTheirLevel() {
        ApiResponse created = admin.post("/api/communication-plans", """
                {"name":"Gold members %s","loyaltyLevel":"GOLD","rules":[{"channel":"PHONE","every":"P1M"}]}""".formatted(UUID.randomUUID()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("loyaltyLevel").asString()).isEqualTo("GOLD");
        String plan = created.json().get("id").asString();
        UUID customer = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai");
        UUID member = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        try (EventCapture events = new EventCapture(CrmInfrastructure.get().kafkaBootstrap(), Topics.INTERACTION)) {
            TestEvents.publish(LOYALTY, new LevelChanged(customer, member, "SILVER", "GOLD", "QUALIFIED", at));
            Awaitility.await().atMost(WITHIN_SECONDS).until(() -> listed(plan, customer));
            ContactStateChanged state = events.awaitMatching(
                            r -> r.event().getType().equals("crm.contact.state-changed")
                                    && customer.toString().equals(r.event().getSubject()))
                    .data(ContactStateChanged.class);
            assertThat(state.nextDue()).isNotNull();
            assertThat(state.nextDue().planId()).hasToString(plan);
        }

        TestEvents.publish(LOYALTY, new LevelChanged(customer, member, "GOLD", "SILVER", "REVIEW", at.plusSeconds(60)));
        Awaitility.await().atMost(WITHIN_SECONDS).until(() -> !listed(plan, customer));
        // a late, older upgrade changes nothing: newest wins by the event's time
        var late = TestEvents.publish(
                LOYALTY, new LevelChanged(customer, member, "SILVER", "GOLD", "QUALIFIED", at.plusSeconds(30)));
        awaitProcessed(late.id());
        assertThat(listed(plan, customer)).isFalse();

        ApiResponse none = admin.post("/api/communication-plans", """
                {"name":"nobody %s","rules":[{"channel":"PHONE","every":"P1M"}]}""".formatted(UUID.randomUUID()));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("customerIds");
    }

    @Test
    void theTierOfAValueScoreCountsAndAScoreWithoutTierChangesNothing() {
        String plan = tierPlan("S");
        UUID customer = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        TestCustomers.publishSegmentation(score(customer, "S", at));
        Awaitility.await().atMost(WITHIN_SECONDS).until(() -> listed(plan, customer));
        awaitProcessed(TestCustomers.publishSegmentation(score(customer, null, at.plusSeconds(10))));

        assertThat(tier(customer)).isEqualTo("S");
        assertThat(listed(plan, customer)).isTrue();
    }

    @Test
    void aMergeCarriesTheTierToTheSurvivorAndErasurePurgesIt() {
        String plan = tierPlan("A");
        UUID survivor = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai");
        UUID merged = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai");
        awaitProcessed(TestCustomers.publishSegmentation(score(merged, "A", Instant.now())));
        assertThat(listed(plan, survivor)).isFalse();

        TestCustomers.publish(new CustomerMerged(
                survivor,
                List.of(merged),
                Instant.now(),
                TestCustomers.snapshot(survivor, 2, Map.of(), "Asia/Shanghai")));

        Awaitility.await().atMost(WITHIN_SECONDS).until(() -> listed(plan, survivor));
        assertThat(tier(merged)).isNull();
        assertThat(listed(plan, merged)).isFalse();

        TestCustomers.publish(new CustomerErased(survivor, Instant.now()));
        Awaitility.await().atMost(WITHIN_SECONDS).until(() -> !listed(plan, survivor));
        assertThat(tier(survivor)).isNull();
        // a tier event after the erasure does not bring it back
        awaitProcessed(TestCustomers.publishSegmentation(
                new TierChanged(survivor, null, "A", "1.00", Instant.now().plusSeconds(5), UUID.randomUUID())));
        assertThat(tier(survivor)).isNull();
    }

    private static CustomerValueScored score(UUID customer, String tier, Instant at) {
        return new CustomerValueScored(
                customer,
                tier,
                "5000.00",
                "0.95",
                "0.9",
                "3.2",
                (short) 5,
                (short) 4,
                (short) 5,
                "champions",
                "KEY",
                "ACTIVE",
                "LOW",
                at,
                null);
    }
}
