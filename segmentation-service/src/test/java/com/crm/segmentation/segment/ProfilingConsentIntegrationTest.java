package com.crm.segmentation.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerConsentPurposeChanged;
import com.crm.contracts.events.segmentation.SegmentMembershipChanged;
import com.crm.segmentation.TestEvents;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmInfrastructure;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #18: withdrawing consent to PROFILING takes the customer out of the segments that pick customers by their data
 * and out of offers within seconds (with the leave event); a new grant brings them back; an older decision arriving
 * late changes nothing; a static list the customer was put on by hand keeps them.
 */
@CrmServiceTest
class ProfilingConsentIntegrationTest {

    private static final String CUSTOMERS = "/crm/customer-service";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static CustomerConsentPurposeChanged profiling(UUID id, String status, Instant at) {
        return new CustomerConsentPurposeChanged(
                id, "PROFILING", "ALL", status, null, "CONSENT", null, at, "preference-centre", null);
    }

    private Set<String> members(ApiClient api, String segmentId) {
        ApiResponse page = api.get("/api/segmentation/segments/" + segmentId + "/members?limit=500");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Set<String> ids = new HashSet<>();
        page.json().get("items").forEach(m -> ids.add(m.get("customerId").asString()));
        return ids;
    }

    @Test
    void withdrawingProfilingTakesTheCustomerOutOfSegmentsAndOffersWithinSeconds() {
        ApiClient api =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        ApiClient designer = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.config"));
        SegmentTestData data = new SegmentTestData(jdbc);
        String region = "CONSENT-" + UUID.randomUUID();
        UUID withdrawing = UUID.randomUUID();
        UUID staying = UUID.randomUUID();
        data.register(withdrawing, region, List.of(), null, null);
        data.register(staying, region, List.of(), null, null);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("select count(*) from segment_subject where region = :r")
                                .param("r", region)
                                .query(Long.class)
                                .single()
                        == 2);
        ApiResponse created = designer.post("/api/segmentation/segments", """
                {"name":"in %s","condition":{"field":"region","op":"eq","value":"%s"}}""".formatted(region, region));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String segmentId = created.json().get("id").asString();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> members(api, segmentId).size() == 2);
        ApiResponse list = designer.post("/api/segmentation/segments", """
                {"name":"hand-picked %s","kind":"STATIC"}""".formatted(region));
        assertThat(list.status()).as(list.body()).isEqualTo(201);
        String listId = list.json().get("id").asString();
        ApiResponse added = api.post(
                "/api/segmentation/segments/" + listId + "/members", "{\"customerIds\":[\"" + withdrawing + "\"]}");
        assertThat(added.status()).as(added.body()).isIn(200, 201);

        Instant t0 = Instant.now();
        try (EventCapture events = new EventCapture(CrmInfrastructure.get().kafkaBootstrap(), Topics.SEGMENTATION)) {
            TestEvents.publish(CUSTOMERS, profiling(withdrawing, "WITHDRAWN", t0));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> members(api, segmentId).equals(Set.of(staying.toString())));
            SegmentMembershipChanged left = events.awaitMatching(r -> r.event()
                                    .getType()
                                    .equals("crm.segment.membership-changed")
                            && withdrawing.toString().equals(r.key())
                            && r.data(SegmentMembershipChanged.class).change().equals("LEFT"))
                    .data(SegmentMembershipChanged.class);
            assertThat(left.segmentId().toString()).isEqualTo(segmentId);
        }
        ApiResponse offers = api.get("/api/customers/" + withdrawing + "/offers");
        assertThat(offers.status()).as(offers.body()).isEqualTo(200);
        assertThat(offers.json().get("items").size()).isZero();
        assertThat(offers.json().get("withheld").asString()).contains("PROFILING");
        assertThat(api.get("/api/customers/" + staying + "/offers")
                        .json()
                        .get("withheld")
                        .isNull())
                .isTrue();
        ApiResponse preview = api.post("/api/segmentation/segments/preview", """
                {"condition":{"field":"region","op":"eq","value":"%s"}}""".formatted(region));
        assertThat(preview.json().get("count").asLong())
                .as("a preview is profiling too")
                .isEqualTo(1);
        assertThat(members(api, listId))
                .as("a static list is the company's choice, not a profile: it keeps the customer")
                .containsExactly(withdrawing.toString());

        // an older grant arriving late changes nothing; a newer one brings the customer back
        TestEvents.publish(CUSTOMERS, profiling(withdrawing, "GRANTED", t0.minusSeconds(60)));
        TestEvents.publish(CUSTOMERS, profiling(staying, "GRANTED", t0));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select count(*) from customer_purpose where customer_id = :id")
                                .param("id", staying)
                                .query(Long.class)
                                .single()
                        == 1);
        assertThat(members(api, segmentId)).containsExactly(staying.toString());
        TestEvents.publish(CUSTOMERS, profiling(withdrawing, "GRANTED", t0.plusSeconds(1)));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> members(api, segmentId).size() == 2);
    }
}
