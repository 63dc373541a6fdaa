package com.crm.segmentation.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.feedback.ComplaintOpened;
import com.crm.contracts.events.interaction.ContactRefused;
import com.crm.contracts.events.segmentation.KpiAnomalyDetected;
import com.crm.segmentation.TestEvents;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmInfrastructure;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * History planted in the past through real events: two complaints a day for eight weeks, then fifteen on one day,
 * then two again. The spike is outside its band (median 2 ± 1), the day after is not; the spike raises exactly one
 * {@code crm.kpi.anomaly}, however often it is recomputed. Contacts refused by policy are counted per day.
 */
@CrmServiceTest
class KpiWatchIntegrationTest {

    // a Monday long before anything else the tests record
    static final LocalDate SPIKE = LocalDate.of(2021, 3, 15);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    private static void complaint(LocalDate day, int hour) {
        Instant at = at(day, hour);
        TestEvents.sendAsync(
                "/crm/feedback-service",
                new ComplaintOpened(
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        "delivery",
                        "LOW",
                        "WEB",
                        null,
                        at,
                        at.plus(Duration.ofDays(5)),
                        null));
    }

    private static long anomalies(EventCapture events, String kpi, LocalDate day) {
        return events.received().stream()
                .filter(r -> r.event().getType().equals("crm.kpi.anomaly"))
                .map(r -> r.data(KpiAnomalyDetected.class))
                .filter(a -> a.kpi().equals(kpi) && a.day().equals(day))
                .count();
    }

    @Test
    void aPlantedSpikeInComplaintsRaisesExactlyOneAnomaly() {
        ApiClient api =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        for (LocalDate d = SPIKE.minusWeeks(8); d.isBefore(SPIKE); d = d.plusDays(1)) {
            complaint(d, 9);
            complaint(d, 15);
        }
        for (int i = 0; i < 15; i++) {
            complaint(SPIKE, 8 + i % 10);
        }
        // and back to normal the day after
        complaint(SPIKE.plusDays(1), 9);
        complaint(SPIKE.plusDays(1), 15);
        TestEvents.flush();
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .until(() -> jdbc.sql("select count(*) from kpi_fact where kpi = 'complaints_opened' and day <= :day")
                                .param("day", SPIKE.plusDays(1))
                                .query(Integer.class)
                                .single()
                        == 8 * 7 * 2 + 15 + 2);

        try (EventCapture events = new EventCapture(CrmInfrastructure.get().kafkaBootstrap(), Topics.SEGMENTATION)) {
            ApiResponse first = api.post(
                    "/api/kpis/recompute", "{\"from\":\"%s\",\"to\":\"%s\"}".formatted(SPIKE.minusDays(6), SPIKE));
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            JsonNode found = first.json().get("anomalies");
            assertThat(found).hasSize(1);
            assertThat(found.get(0).get("kpi").asString()).isEqualTo("complaints_opened");
            assertThat(found.get(0).get("direction").asString()).isEqualTo("ABOVE");
            assertThat(found.get(0).get("value").asString()).isEqualTo("15");
            assertThat(found.get(0).get("low").asString()).isEqualTo("1");
            assertThat(found.get(0).get("high").asString()).isEqualTo("3");

            var event = events.awaitMatching(r -> r.event().getType().equals("crm.kpi.anomaly")
                            && r.data(KpiAnomalyDetected.class).day().equals(SPIKE))
                    .data(KpiAnomalyDetected.class);
            assertThat(event.kpi()).isEqualTo("complaints_opened");
            assertThat(event.day()).isEqualTo(SPIKE);
            assertThat(event.value()).isEqualTo("15");
            assertThat(event.median()).isEqualTo("2");
            assertThat(event.direction()).isEqualTo("ABOVE");
            assertThat(event.customerId()).isEqualTo(KpiAnomalyDetected.keyOf("complaints_opened"));

            // recomputing (again, and a wider range) never emits it twice
            assertThat(api.post("/api/kpis/recompute", "{\"from\":\"%s\",\"to\":\"%s\"}".formatted(SPIKE, SPIKE))
                            .json()
                            .get("anomalies"))
                    .isEmpty();
            assertThat(api.post(
                                    "/api/kpis/recompute",
                                    "{\"from\":\"%s\",\"to\":\"%s\"}".formatted(SPIKE.minusDays(3), SPIKE.plusDays(1)))
                            .json()
                            .get("anomalies"))
                    .isEmpty();
            Awaitility.await()
                    .during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> anomalies(events, "complaints_opened", SPIKE) == 1);
            assertThat(events.received().stream()
                            .filter(r -> r.event().getType().equals("crm.kpi.anomaly"))
                            // the planted history's days: other tests recompute days of their own
                            .filter(r -> !r.data(KpiAnomalyDetected.class).day().isBefore(SPIKE.minusDays(6))
                                    && !r.data(KpiAnomalyDetected.class).day().isAfter(SPIKE.plusDays(1))))
                    .hasSize(1);
        }

        JsonNode series = api.get("/api/kpis/complaints_opened?from=%s&to=%s".formatted(SPIKE.minusDays(1), SPIKE))
                .json();
        assertThat(series.get("items")).hasSize(2);
        assertThat(series.get("items").get(0).get("value").asString()).isEqualTo("2");
        assertThat(series.get("items").get(0).get("anomaly").isNull()).isTrue();
        assertThat(series.get("items").get(1).get("value").asString()).isEqualTo("15");
        assertThat(series.get("items").get(1).get("anomaly").asString()).isEqualTo("ABOVE");
        assertThat(series.get("items").get(1).get("high").asString()).isEqualTo("3");
    }

    @Test
    void contactsRefusedByPolicyAreADailyKpiAndTheApiNamesEveryKpi() {
        ApiClient api =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        LocalDate day = LocalDate.of(2020, 6, 1);
        for (int i = 0; i < 3; i++) {
            TestEvents.sendAsync(
                    "/crm/interaction-service",
                    new ContactRefused(
                            UUID.randomUUID(),
                            "SMS",
                            "MARKETING",
                            List.of("max-contacts"),
                            "agent-2",
                            at(day, 10 + i)));
        }
        TestEvents.flush();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from kpi_fact where kpi = 'contacts_refused' and day = :day")
                                .param("day", day)
                                .query(Integer.class)
                                .single()
                        == 3);
        ApiResponse recomputed = api.post("/api/kpis/recompute", "{\"from\":\"%s\",\"to\":\"%s\"}".formatted(day, day));
        assertThat(recomputed.status()).as(recomputed.body()).isEqualTo(200);
        JsonNode series = api.get("/api/kpis/contacts_refused?from=%s&to=%s".formatted(day, day))
                .json();
        assertThat(series.get("items").get(0).get("value").asString()).isEqualTo("3");

        JsonNode all = api.get("/api/kpis").json().get("items");
        List<String> names = new ArrayList<>();
        all.forEach(k -> names.add(k.get("name").asString()));
        assertThat(names)
                .containsExactly(
                        "new_customers",
                        "active_customers",
                        "churned",
                        "revenue",
                        "repeat_purchase_rate",
                        "nps",
                        "complaints_opened",
                        "sla_breaches",
                        "contacts_refused",
                        "points_liability",
                        "redemption_rate");

        assertThat(api.get("/api/kpis/nope").status()).isEqualTo(404);
        ApiResponse bad = api.get("/api/kpis/revenue?from=2024-01-01&to=2026-01-01");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
        assertThat(api.get("/api/kpis/revenue?from=01/02/2024").status()).isEqualTo(400);
    }
}
