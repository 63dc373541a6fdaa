package com.crm.segmentation.value;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.interaction.InteractionRecorded;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.segmentation.CustomerValueScored;
import com.crm.segmentation.TestEvents;
import com.crm.test.ApiClient;
import com.crm.test.CrmInfrastructure;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code crm.value.scored}: on the first score, on material changes only, and from full runs (with the run id). */
@CrmServiceTest
class ValueScoredIntegrationTest {

    private static final String SOURCE = "/crm/customer-service";

    @LocalServerPort
    int port;

    private static long scored(EventCapture events, UUID customer) {
        return events.received().stream()
                .filter(r -> r.event().getType().equals("crm.value.scored")
                        && r.key().equals(customer.toString()))
                .count();
    }

    @Test
    void theFirstScoreAndMaterialChangesEmitAndNothingElse() {
        ApiClient api =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        try (EventCapture events = new EventCapture(CrmInfrastructure.get().kafkaBootstrap(), Topics.SEGMENTATION)) {
            TestEvents.publish(
                    SOURCE,
                    new CustomerRegistered(
                            id,
                            new CustomerSnapshot(
                                    id, "PERSON", null, null, null, "CN-44", List.of(), null, Map.of(), now, now, 1,
                                    null)));
            CustomerValueScored first = events.awaitMatching(
                            r -> r.event().getType().equals("crm.value.scored")
                                    && r.key().equals(id.toString()))
                    .data(CustomerValueScored.class);
            assertThat(first.lifecycleStage()).isEqualTo("PROSPECT");
            assertThat(first.runId()).isNull();

            TestEvents.publish(
                    SOURCE,
                    new PurchaseRecorded(
                            id,
                            UUID.randomUUID(),
                            "erp",
                            null,
                            now.minus(1, ChronoUnit.HOURS),
                            "120.00",
                            "CNY",
                            1,
                            "web",
                            null));
            events.awaitMatching(r -> r.event().getType().equals("crm.value.scored")
                    && r.key().equals(id.toString())
                    && "NEW".equals(r.data(CustomerValueScored.class).lifecycleStage()));
            assertThat(scored(events, id)).isEqualTo(2);

            // an interaction that changes no score materially: no event
            TestEvents.publish(
                    "/crm/interaction-service",
                    new InteractionRecorded(
                            id,
                            UUID.randomUUID(),
                            "EMAIL",
                            "OUTBOUND",
                            "NOTE",
                            "SERVICE",
                            "SENT",
                            now,
                            null,
                            "agent-1",
                            null,
                            false,
                            null,
                            null,
                            false));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/segmentation/customers/" + id)
                                    .json()
                                    .get("metrics")
                                    .get("recentInteractions")
                                    .asInt()
                            == 1);
            Awaitility.await()
                    .during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> scored(events, id) == 2);

            // a full run scores RFM for the first time: material, with the run's id (started with an
            // Idempotency-Key: the run begins once its start and answer have committed, and a retry starts no other)
            ApiClient starter = api.withHeader("Idempotency-Key", "run-" + UUID.randomUUID());
            String runId = starter.post("/api/segmentation/runs", "{}")
                    .json()
                    .get("id")
                    .asString();
            assertThat(starter.post("/api/segmentation/runs", "{}")
                            .json()
                            .get("id")
                            .asString())
                    .isEqualTo(runId);
            CustomerValueScored fromRun = events.awaitMatching(
                            r -> r.event().getType().equals("crm.value.scored")
                                    && r.key().equals(id.toString())
                                    && r.data(CustomerValueScored.class).runId() != null)
                    .data(CustomerValueScored.class);
            assertThat(fromRun.runId().toString()).isEqualTo(runId);
            assertThat(fromRun.rfmRecency()).isNotNull();
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> !"RUNNING"
                            .equals(api.get("/api/segmentation/runs/" + runId)
                                    .json()
                                    .get("status")
                                    .asString()));
            assertThat(api.get("/api/segmentation/runs/" + runId)
                            .json()
                            .get("status")
                            .asString())
                    .isEqualTo("SUCCEEDED");
        }
    }
}
