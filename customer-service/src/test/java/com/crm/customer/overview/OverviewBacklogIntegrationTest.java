package com.crm.customer.overview;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.feedback.ComplaintOpened;
import com.crm.contracts.events.segmentation.CustomerValueScored;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestEvents;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Customers whose projections changed without rendering (projected before the rendering existed, or written by an
 * instance of the previous version) read right anyway, and are rendered at startup into the same overview.
 */
@CrmServiceTest
class OverviewBacklogIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OverviewSections sections;

    @Autowired
    TransactionTemplate transactions;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
    }

    @Test
    void rendersTheBacklogAtStartupIntoTheSameOverview() {
        UUID id = scoredCustomer("Early");
        ApiResponse rendered = api.get("/api/customers/" + id + "/overview");

        // as the migration that introduced the rendering leaves a customer projected before it
        transactions.executeWithoutResult(status -> {
            jdbc.sql("delete from projected_overview where customer_id = :c")
                    .param("c", id)
                    .update();
            jdbc.sql("insert into projected_overview_backlog (customer_id) values (:c)")
                    .param("c", id)
                    .update();
        });
        assertThat(api.get("/api/customers/" + id + "/overview").body())
                .as("rendered by the read meanwhile")
                .isEqualTo(rendered.body());

        sections.afterSingletonsInstantiated();

        ApiResponse again = api.get("/api/customers/" + id + "/overview");
        assertThat(again.body()).isEqualTo(rendered.body());
        assertThat(again.header("ETag")).isEqualTo(rendered.header("ETag"));
        assertThat(backlog(id)).isZero();
        assertThat(jdbc.sql("select count(*) from projected_overview where customer_id = :c and value_json is not null")
                        .param("c", id)
                        .query(Long.class)
                        .single())
                .isOne();
    }

    @Test
    void aProjectionWrittenWithoutRenderingIsNeverShownStale() {
        UUID id = scoredCustomer("Bypassed");

        // as an instance of the previous version writes during a rolling update: the projection, no rendering
        jdbc.sql("update projected_value set tier = 'S' where customer_id = :c")
                .param("c", id)
                .update();
        assertThat(backlog(id)).isOne();
        assertThat(api.get("/api/customers/" + id + "/overview")
                        .json()
                        .at("/value/tier")
                        .asString())
                .isEqualTo("S");

        sections.afterSingletonsInstantiated();
        assertThat(backlog(id)).isZero();
        assertThat(api.get("/api/customers/" + id + "/overview")
                        .json()
                        .at("/value/tier")
                        .asString())
                .isEqualTo("S");
    }

    @Test
    void eachTopicRendersOnlyItsPartsAndACustomerBehindIsRenderedWholeByTheNextEvent() {
        UUID id = scoredCustomer("Partial");
        assertThat(backlog(id))
                .as("the consumers render what they write: nobody is left behind")
                .isZero();
        String valueJson = stored(id, "value_json");

        // a writer that does not render changes the value; then a feedback event (which renders the voice part) comes
        jdbc.sql("update projected_value set tier = 'S' where customer_id = :c")
                .param("c", id)
                .update();
        assertThat(backlog(id)).isOne();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestEvents.publish(
                "/crm/feedback-service",
                new ComplaintOpened(
                        id, UUID.randomUUID(), "BILLING", "LOW", "EMAIL", null, at, at.plus(3, ChronoUnit.DAYS), null));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> backlog(id) == 0);
        assertThat(stored(id, "value_json"))
                .as("rendered whole, the value part included, when it was behind")
                .contains("\"tier\":\"S\"")
                .isNotEqualTo(valueJson);
        assertThat(api.get("/api/customers/" + id + "/overview")
                        .json()
                        .at("/voice/openComplaints")
                        .size())
                .isEqualTo(2);

        // a part rendered alone leaves the others' renderings as they are
        String before = stored(id, "value_json");
        TestEvents.publish(
                "/crm/feedback-service",
                new ComplaintOpened(
                        id,
                        UUID.randomUUID(),
                        "PRODUCT",
                        "MEDIUM",
                        "PHONE",
                        null,
                        at,
                        at.plus(4, ChronoUnit.DAYS),
                        null));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/customers/" + id + "/overview")
                                .json()
                                .at("/voice/openComplaints")
                                .size()
                        == 3);
        assertThat(stored(id, "value_json")).isEqualTo(before);
        assertThat(backlog(id)).isZero();
    }

    private String stored(UUID id, String column) {
        return jdbc.sql("select " + column + " from projected_overview where customer_id = :c")
                .param("c", id)
                .query(String.class)
                .single();
    }

    /** A customer with a value and an open complaint projected (and rendered). */
    private UUID scoredCustomer(String name) {
        ApiResponse created = api.post("/api/customers", """
                {"type":"PERSON","displayName":"%s","emails":[{"address":"%s@example.com","primary":true}]}""".formatted(name, name.toLowerCase()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(created.json().get("id").asString());
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestEvents.publish(
                "/crm/segmentation-service",
                new CustomerValueScored(
                        id,
                        "B",
                        "120.00",
                        "50",
                        "0.5",
                        "1",
                        (short) 3,
                        (short) 3,
                        (short) 3,
                        "Loyal",
                        "KEY_ACCOUNT",
                        "MATURE",
                        "LOW",
                        at,
                        null));
        TestEvents.publish(
                "/crm/feedback-service",
                new ComplaintOpened(
                        id,
                        UUID.randomUUID(),
                        "DELIVERY",
                        "HIGH",
                        "PHONE",
                        null,
                        at,
                        at.plus(2, ChronoUnit.DAYS),
                        null));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    ApiResponse r = api.get("/api/customers/" + id + "/overview");
                    return r.json().at("/value/status").asString().equals("known")
                            && r.json().at("/voice/openComplaints").size() == 1;
                });
        return id;
    }

    private long backlog(UUID id) {
        return jdbc.sql("select count(*) from projected_overview_backlog where customer_id = :c")
                .param("c", id)
                .query(Long.class)
                .single();
    }
}
