package com.crm.feedback.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.segmentation.TierChanged;
import com.crm.feedback.FeedbackIntegrationTest;
import com.crm.feedback.survey.NpsCategory;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestEvents;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A fixed data set in February and March 2020 (no other test writes there) and the figures computed by hand.
 * Tiers and purchases arrive as real events on crm.segmentation.v1 and crm.purchase.v1.
 */
class AnalyticsIntegrationTest extends FeedbackIntegrationTest {

    private static final String WINDOW = "from=2020-02-01T00:00:00Z&to=2020-04-01T00:00:00Z";
    private static boolean loaded;
    private static final UUID A = UUID.randomUUID(); // tier S
    private static final UUID B = UUID.randomUUID(); // tier A
    private static final UUID C = UUID.randomUUID(); // tier A
    private static final UUID D = UUID.randomUUID(); // no tier
    private static final UUID P1 = UUID.randomUUID();
    private static final UUID P2 = UUID.randomUUID();
    private static final UUID P3 = UUID.randomUUID();

    @BeforeEach
    void dataSet() {
        if (loaded) {
            return;
        }
        UUID nps = survey("NPS");
        UUID csat = survey("CSAT");
        UUID ces = survey("CES");
        // February
        response(nps, 10, "EMAIL", A, "2020-02-03T10:00:00Z");
        response(nps, 9, "EMAIL", B, "2020-02-04T10:00:00Z");
        response(nps, 7, "SMS", C, "2020-02-05T10:00:00Z");
        response(nps, 3, "SMS", D, "2020-02-06T10:00:00Z");
        response(nps, 0, "EMAIL", A, "2020-02-29T23:59:59Z");
        response(csat, 5, "EMAIL", A, "2020-02-10T10:00:00Z");
        response(csat, 4, "SMS", B, "2020-02-11T10:00:00Z");
        response(csat, 2, "SMS", C, "2020-02-12T10:00:00Z");
        response(ces, 2, "EMAIL", A, "2020-02-13T10:00:00Z");
        response(ces, 5, "EMAIL", D, "2020-02-14T10:00:00Z");
        // March
        response(nps, 9, "EMAIL", B, "2020-03-01T00:00:00Z");
        response(nps, 10, "SMS", C, "2020-03-02T10:00:00Z");
        response(nps, 6, "EMAIL", D, "2020-03-03T10:00:00Z");
        response(nps, 8, "EMAIL", A, "2020-03-04T10:00:00Z");
        response(csat, 1, "EMAIL", A, "2020-03-05T10:00:00Z");
        response(ces, 7, "SMS", B, "2020-03-06T10:00:00Z");
        response(ces, 3, "SMS", C, "2020-03-07T10:00:00Z");
        response(ces, 4, "EMAIL", D, "2020-03-08T10:00:00Z");
        // outside the window: ignored
        response(nps, 0, "EMAIL", A, "2020-01-31T23:59:59Z");
        response(nps, 0, "EMAIL", A, "2020-04-01T00:00:00Z");
        // invitations: February 8 delivered, 5 answered; March 4 delivered, 2 answered, 1 still pending
        for (int i = 0; i < 8; i++) {
            invitation(nps, "2020-02-0" + (i + 1) + "T08:00:00Z", true, i < 5);
        }
        for (int i = 0; i < 4; i++) {
            invitation(nps, "2020-03-1" + i + "T08:00:00Z", true, i < 2);
        }
        invitation(nps, "2020-03-20T08:00:00Z", false, false);
        // complaints: Feb resolved in 12 h (in SLA), resolved in 10 h (late), open past due; Mar resolved in 24 h
        complaint("2020-02-01T00:00:00Z", "2020-02-02T00:00:00Z", "2020-02-01T12:00:00Z");
        complaint("2020-02-03T00:00:00Z", "2020-02-03T04:00:00Z", "2020-02-03T10:00:00Z");
        complaint("2020-02-10T00:00:00Z", "2020-02-11T00:00:00Z", null);
        complaint("2020-03-01T00:00:00Z", "2020-03-03T00:00:00Z", "2020-03-02T00:00:00Z");
        // tiers from segmentation-service (an older change arriving late does not win)
        TestEvents.publish(
                "/crm/segmentation-service",
                new TierChanged(A, null, "S", "1000.00", Instant.parse("2020-01-02T00:00:00Z"), null));
        TestEvents.publish(
                "/crm/segmentation-service",
                new TierChanged(A, null, "C", "10.00", Instant.parse("2020-01-01T00:00:00Z"), null));
        TestEvents.publish("/crm/segmentation-service", new TierChanged(B, null, "A", "500.00", Instant.now(), null));
        TestEvents.publish("/crm/segmentation-service", new TierChanged(C, null, "A", "400.00", Instant.now(), null));
        // purchases: Jan P1, P2 ×2; Feb P1 ×2, P3; Mar P3, P2
        purchase(P1, "2020-01-05T00:00:00Z");
        purchase(P2, "2020-01-06T00:00:00Z");
        purchase(P2, "2020-01-20T00:00:00Z");
        purchase(P1, "2020-02-05T00:00:00Z");
        purchase(P1, "2020-02-06T00:00:00Z");
        purchase(P3, "2020-02-07T00:00:00Z");
        purchase(P3, "2020-03-05T00:00:00Z");
        purchase(P2, "2020-03-06T00:00:00Z");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql(
                                                "select count(*) from customer_segment where customer_id in (:ids) and tier is not null")
                                        .param("ids", List.of(A, B, C))
                                        .query(Long.class)
                                        .single()
                                == 3
                        && jdbc.sql("select count(*) from purchase_fact where customer_id in (:ids)")
                                        .param("ids", List.of(P1, P2, P3))
                                        .query(Long.class)
                                        .single()
                                == 8
                        && jdbc.sql(
                                                "select count(*) from crm_processed_event where event_type = 'crm.value.tier-changed'")
                                        .query(Long.class)
                                        .single()
                                >= 4);
        loaded = true;
    }

    private Map<String, JsonNode> byKey(String query) {
        ApiResponse report = agent.get("/api/analytics/" + query);
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        Map<String, JsonNode> groups = new HashMap<>();
        report.json().get("items").forEach(g -> groups.put(g.get("key").asString(), g));
        return groups;
    }

    /** Compared by value: 3.5 equals 3.50 (JSON numbers carry no scale through the parser). */
    private static BigDecimal decimal(JsonNode node) {
        return node.isNull() ? null : node.decimalValue();
    }

    @Test
    void satisfactionByMonthEqualsTheHandComputation() {
        Map<String, JsonNode> months = byKey("satisfaction?" + WINDOW + "&period=MONTH");
        assertThat(months.keySet()).containsExactlyInAnyOrder("2020-02-01", "2020-03-01");

        JsonNode feb = months.get("2020-02-01");
        assertThat(feb.get("responses").asLong()).isEqualTo(10);
        assertThat(feb.at("/nps/responses").asLong()).isEqualTo(5);
        assertThat(feb.at("/nps/promoters").asLong()).isEqualTo(2);
        assertThat(feb.at("/nps/passives").asLong()).isEqualTo(1);
        assertThat(feb.at("/nps/detractors").asLong()).isEqualTo(2);
        assertThat(decimal(feb.at("/nps/score"))).isEqualByComparingTo("0.0"); // (2 − 2) / 5
        assertThat(decimal(feb.at("/csat/percentSatisfied"))).isEqualByComparingTo("66.7"); // 2 of 3
        assertThat(decimal(feb.at("/ces/mean"))).isEqualByComparingTo("3.50"); // (2 + 5) / 2
        assertThat(feb.at("/responseRate/delivered").asLong()).isEqualTo(8);
        assertThat(decimal(feb.at("/responseRate/percent"))).isEqualByComparingTo("62.5"); // 5 of 8

        JsonNode mar = months.get("2020-03-01");
        assertThat(decimal(mar.at("/nps/score"))).isEqualByComparingTo("25.0"); // (2 − 1) / 4
        assertThat(decimal(mar.at("/csat/percentSatisfied"))).isEqualByComparingTo("0.0"); // 0 of 1
        assertThat(decimal(mar.at("/ces/mean"))).isEqualByComparingTo("4.67"); // 14 / 3
        assertThat(mar.at("/responseRate/delivered").asLong()).isEqualTo(4); // the pending one is not delivered
        assertThat(decimal(mar.at("/responseRate/percent"))).isEqualByComparingTo("50.0");
    }

    @Test
    void satisfactionByChannelAndByTierEqualsTheHandComputation() {
        Map<String, JsonNode> channels = byKey("satisfaction?" + WINDOW + "&groupBy=CHANNEL");
        assertThat(decimal(channels.get("EMAIL").at("/nps/score"))).isEqualByComparingTo("16.7"); // (3 − 2) / 6
        assertThat(decimal(channels.get("SMS").at("/nps/score"))).isEqualByComparingTo("0.0"); // (1 − 1) / 3
        assertThat(decimal(channels.get("EMAIL").at("/csat/percentSatisfied"))).isEqualByComparingTo("50.0");
        assertThat(decimal(channels.get("EMAIL").at("/ces/mean"))).isEqualByComparingTo("3.67"); // 11 / 3
        assertThat(decimal(channels.get("SMS").at("/ces/mean"))).isEqualByComparingTo("5.00"); // 10 / 2

        Map<String, JsonNode> tiers = byKey("satisfaction?" + WINDOW + "&groupBy=TIER");
        assertThat(tiers.keySet()).containsExactlyInAnyOrder("S", "A", "UNKNOWN");
        assertThat(decimal(tiers.get("S").at("/nps/score"))).isEqualByComparingTo("0.0"); // 10, 0, 8
        assertThat(decimal(tiers.get("A").at("/nps/score"))).isEqualByComparingTo("75.0"); // 9, 7, 9, 10
        assertThat(decimal(tiers.get("UNKNOWN").at("/nps/score"))).isEqualByComparingTo("-100.0"); // 3, 6
        assertThat(decimal(tiers.get("S").at("/csat/percentSatisfied"))).isEqualByComparingTo("50.0");
        assertThat(decimal(tiers.get("UNKNOWN").at("/ces/mean"))).isEqualByComparingTo("4.50");
    }

    @Test
    void complaintFiguresEqualTheHandComputation() {
        Map<String, JsonNode> months = byKey("complaints?" + WINDOW);
        JsonNode feb = months.get("2020-02-01");
        assertThat(feb.get("opened").asLong()).isEqualTo(3);
        assertThat(decimal(feb.get("slaCompliancePercent"))).isEqualByComparingTo("33.3"); // 1 in SLA of 3 due
        assertThat(decimal(feb.get("meanResolutionHours"))).isEqualByComparingTo("11.00"); // (12 + 10) / 2
        JsonNode mar = months.get("2020-03-01");
        assertThat(mar.get("opened").asLong()).isEqualTo(1);
        assertThat(decimal(mar.get("slaCompliancePercent"))).isEqualByComparingTo("100.0");
        assertThat(decimal(mar.get("meanResolutionHours"))).isEqualByComparingTo("24.00");
    }

    @Test
    void retentionAndRepeatPurchaseRatesEqualTheHandComputation() {
        Map<String, JsonNode> months = byKey("retention?from=2020-01-01T00:00:00Z&to=2020-04-01T00:00:00Z");
        assertThat(months.keySet()).containsExactlyInAnyOrder("2020-01-01", "2020-02-01", "2020-03-01");
        assertThat(decimal(months.get("2020-01-01").get("repeatPurchaseRatePercent")))
                .isEqualByComparingTo("50.0"); // P2
        assertThat(months.get("2020-01-01").get("retentionPercent").isNull()).isTrue(); // nobody before
        assertThat(decimal(months.get("2020-02-01").get("repeatPurchaseRatePercent")))
                .isEqualByComparingTo("50.0"); // P1
        assertThat(decimal(months.get("2020-02-01").get("retentionPercent")))
                .isEqualByComparingTo("50.0"); // P1 of P1, P2
        assertThat(decimal(months.get("2020-03-01").get("repeatPurchaseRatePercent")))
                .isEqualByComparingTo("0.0");
        assertThat(decimal(months.get("2020-03-01").get("retentionPercent")))
                .isEqualByComparingTo("50.0"); // P3 of P1, P3
    }

    private UUID survey(String kind) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into survey (id, name, kind, status, current_version, created_at, updated_at) "
                        + "values (:id, :name, :kind, 'ACTIVE', 1, now(), now())")
                .param("id", id)
                .param("name", "fixed " + kind)
                .param("kind", kind)
                .update();
        jdbc.sql("insert into survey_version (survey_id, version, questions, created_at) values (:id, 1, '[]', now())")
                .param("id", id)
                .update();
        return id;
    }

    private void response(UUID survey, int score, String channel, UUID customer, String at) {
        String kind = jdbc.sql("select kind from survey where id = :id")
                .param("id", survey)
                .query(String.class)
                .single();
        jdbc.sql("""
                insert into survey_response (id, survey_id, survey_version, customer_id, channel, answers, score,
                    nps_category, submitted_at)
                values (:id, :survey, 1, :customer, :channel, '{}', :score, :category, :at)""")
                .param("id", UUID.randomUUID())
                .param("survey", survey)
                .param("customer", customer)
                .param("channel", channel)
                .param("score", score)
                .param("category", "NPS".equals(kind) ? NpsCategory.of(score) : null)
                .param("at", Timestamp.from(Instant.parse(at)))
                .update();
    }

    private void invitation(UUID survey, String at, boolean delivered, boolean answered) {
        Instant created = Instant.parse(at);
        jdbc.sql("""
                insert into invitation (id, survey_id, survey_version, customer_id, channel, token_hash, status,
                    created_at, expires_at, sent_at, answered_at)
                values (:id, :survey, 1, :customer, 'EMAIL', :hash, :status, :at, :expires, :sent, :answered)""")
                .param("id", UUID.randomUUID())
                .param("survey", survey)
                .param("customer", A)
                .param("hash", UUID.randomUUID().toString())
                .param("status", answered ? "ANSWERED" : delivered ? "SENT" : "PENDING")
                .param("at", Timestamp.from(created))
                .param("expires", Timestamp.from(created.plus(Duration.ofDays(14))))
                .param("sent", delivered ? Timestamp.from(created.plusSeconds(60)) : null)
                .param("answered", answered ? Timestamp.from(created.plusSeconds(3600)) : null)
                .update();
    }

    private void complaint(String opened, String due, String resolved) {
        jdbc.sql("""
                insert into complaint (id, customer_id, category, severity, channel, description, status, opened_at,
                    due_at, resolved_at, escalated_at)
                values (:id, :customer, 'billing', 'HIGH', 'PHONE', 'fixed', :status, :opened, :due, :resolved, :due)""")
                .param("id", UUID.randomUUID())
                .param("customer", D)
                .param("status", resolved == null ? "OPEN" : "RESOLVED")
                .param("opened", Timestamp.from(Instant.parse(opened)))
                .param("due", Timestamp.from(Instant.parse(due)))
                .param("resolved", resolved == null ? null : Timestamp.from(Instant.parse(resolved)))
                .update();
    }

    private static void purchase(UUID customer, String at) {
        TestEvents.publish(
                "/crm/customer-service",
                new PurchaseRecorded(
                        customer,
                        UUID.randomUUID(),
                        "erp",
                        UUID.randomUUID().toString(),
                        Instant.parse(at),
                        "10.00",
                        "CNY",
                        1,
                        "STORE",
                        List.of()));
    }
}
