package com.crm.customer.erp;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.customer.CustomerDeleted;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@CrmServiceTest
class ErpSyncIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    private ApiClient erp;

    @BeforeEach
    void client() {
        erp = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.integration"));
    }

    private JsonNode batch(String itemsJson) {
        ApiResponse response = erp.post("/api/customers/batch", "{\"items\":[" + itemsJson + "]}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> statuses(JsonNode batch) {
        return StreamSupport.stream(batch.get("results").spliterator(), false)
                .map(r -> r.get("status").asString())
                .toList();
    }

    private long outboxRows() {
        return jdbc.sql("select count(*) from crm_outbox").query(Long.class).single();
    }

    @Test
    void upsertsEachItemOnItsOwnAndRejectsOnlyTheBadOnesNamingEveryField() {
        String source = "SAP-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode first = batch("""
                {"source":"%1$s","externalId":"C-1","customer":{"type":"PERSON","displayName":"Anna","jobTitle":"Buyer"}},
                {"source":"%1$s","externalId":"C-2","customer":{"type":"ORGANIZATION","company":"Globex"}},
                {"source":"%1$s","externalId":"C-3","customer":{"type":"PERSON","displayName":"Bad",
                  "emails":[{"address":"nope"}],"phones":[{"number":"1"}]}},
                {"source":"%1$s","customer":{"type":"PERSON","displayName":"No id"},"colour":"red"}
                """.formatted(source));

        assertThat(statuses(first)).containsExactly("created", "created", "rejected", "rejected");
        JsonNode rejected = first.at("/results/2/problem");
        assertThat(rejected.get("status").asInt()).isEqualTo(400);
        assertThat(fields(rejected)).contains("customer.emails[0].address", "customer.phones[0].number");
        assertThat(fields(first.at("/results/3/problem"))).containsExactly("colour");
        assertThat(first.at("/summary/created").asInt()).isEqualTo(2);
        assertThat(first.at("/summary/rejected").asInt()).isEqualTo(2);

        String annaId = first.at("/results/0/result/id").asString();
        JsonNode second = batch("""
                {"source":"%1$s","externalId":"C-1","customer":{"jobTitle":"Head of purchasing"}},
                {"source":"%1$s","externalId":"C-2","customer":{"type":"ORGANIZATION","company":"Globex"}}
                """.formatted(source));
        assertThat(statuses(second)).containsExactly("updated", "unchanged");
        assertThat(second.at("/results/0/result/id").asString()).isEqualTo(annaId);

        JsonNode anna = erp.get("/api/customers/" + annaId).json();
        assertThat(anna.get("displayName").asString()).isEqualTo("Anna");
        assertThat(anna.get("jobTitle").asString()).isEqualTo("Head of purchasing");
        assertThat(anna.at("/externalReferences/0/source").asString()).isEqualTo(source);
        assertThat(anna.at("/externalReferences/0/externalId").asString()).isEqualTo("C-1");
    }

    @Test
    void resendingTheSameBatchChangesNothingAndSendsNoEvents() {
        String source = "ERP-" + UUID.randomUUID().toString().substring(0, 8);
        String items = IntStream.range(0, 25)
                .mapToObj(i -> """
                {"source":"%s","externalId":"K-%d","customer":{"type":"PERSON","givenName":"名%d","familyName":"张",
                 "phones":[{"number":"+86 139 %04d 0000"}],"tags":["erp"],"consents":{"SMS":{"status":"GRANTED"}}}}""".formatted(source, i, i, i))
                .collect(Collectors.joining(","));
        assertThat(statuses(batch(items))).containsOnly("created").hasSize(25);
        long eventsAfterFirst = outboxRows();

        JsonNode again = batch(items);

        assertThat(statuses(again)).containsOnly("unchanged").hasSize(25);
        assertThat(outboxRows()).isEqualTo(eventsAfterFirst);
    }

    @Test
    void refusesBatchesFromClientsWithoutTheIntegrationScopeAndOversizedBatches() {
        ApiClient frontend =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        String oneItem = "{\"items\":[{\"source\":\"S\",\"externalId\":\"1\",\"customer\":{\"type\":\"PERSON\","
                + "\"displayName\":\"X\"}}]}";
        assertThat(frontend.post("/api/customers/batch", oneItem).status()).isEqualTo(403);
        assertThat(frontend.post("/api/customers/batch", "{\"items\":[]}").status())
                .as("the scope is checked before the body is read")
                .isEqualTo(403);
        ApiClient integrationWithoutWrite = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.integration"));
        assertThat(integrationWithoutWrite.post("/api/customers/batch", oneItem).status())
                .isEqualTo(403);

        String tooMany = IntStream.range(0, 1001).mapToObj(i -> "{}").collect(Collectors.joining(","));
        ApiResponse response = erp.post("/api/customers/batch", "{\"items\":[" + tooMany + "]}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("items");
    }

    @Test
    void anIdempotencyKeyReturnsTheFirstAnswerToARetry() {
        ApiClient keyed = erp.withHeader("Idempotency-Key", "create-" + UUID.randomUUID());
        String body = "{\"type\":\"PERSON\",\"displayName\":\"Once only\"}";
        long before = outboxRows();

        ApiResponse first = keyed.post("/api/customers", body);
        ApiResponse retry = keyed.post("/api/customers", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(outboxRows() - before).as("one registration event").isEqualTo(1);

        ApiResponse otherBody = keyed.post("/api/customers", "{\"type\":\"PERSON\",\"displayName\":\"Other\"}");
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(otherBody.contentType()).startsWith("application/problem+json");
    }

    @Test
    void theChangeFeedWaitsForATransactionThatCommitsLateInsteadOfSkippingIt() throws Exception {
        String cursor = drain(null).cursor();
        UUID lateCustomer = UUID.randomUUID();
        var late = new CrmEventCodec("/crm/customer-service")
                .encode(new CustomerDeleted(lateCustomer, Instant.now(), 2), Instant.now(), Map.of());

        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            try (PreparedStatement insert = tx.prepareStatement("""
                    insert into crm_outbox (event_id, topic, message_key, event_type, payload) values (?,?,?,?,?)""")) {
                insert.setObject(1, late.id());
                insert.setString(2, late.topic());
                insert.setString(3, late.key());
                insert.setString(4, late.type());
                insert.setBytes(5, late.payload());
                insert.executeUpdate();
            }
            String early = erp.post("/api/customers", "{\"type\":\"PERSON\",\"displayName\":\"Committed first\"}")
                    .json()
                    .get("id")
                    .asString();

            Feed whileOpen = drain(cursor);
            assertThat(whileOpen.subjects())
                    .as("nothing after the open transaction is served yet")
                    .doesNotContain(early, lateCustomer.toString());

            tx.commit();

            // the feed may trail other transactions that are running at this moment (the relay, background work)
            Feed afterCommit = Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> drain(cursor), feed -> feed.subjects().contains(early));
            assertThat(afterCommit.subjects()).containsSubsequence(lateCustomer.toString(), early);
        }
    }

    @Test
    void theChangeFeedPagesInTransactionIdOrderAlsoWhereTheirDecimalTextSortsOtherwise() throws Exception {
        // transaction ids 9, 10, 11: as text "10" < "11" < "9"; paged one event at a time, all three come, in xid order
        Map<Long, String> subjectByXid = new TreeMap<>();
        for (long xid : new long[] {11, 9, 10}) {
            UUID customer = UUID.randomUUID();
            var event = new CrmEventCodec("/crm/customer-service")
                    .encode(new CustomerDeleted(customer, Instant.now(), 2), Instant.now(), Map.of());
            try (Connection c = dataSource.getConnection();
                    PreparedStatement insert = c.prepareStatement(
                            "insert into crm_outbox (event_id, topic, message_key, event_type, payload, xid)"
                                    + " values (?, ?, ?, ?, ?, cast(? as xid8))")) {
                insert.setObject(1, event.id());
                insert.setString(2, event.topic());
                insert.setString(3, event.key());
                insert.setString(4, event.type());
                insert.setBytes(5, event.payload());
                insert.setString(6, Long.toString(xid));
                insert.executeUpdate();
            }
            subjectByXid.put(xid, customer.toString());
        }

        List<String> served = drain(null, 1).subjects().stream()
                .filter(subjectByXid::containsValue)
                .toList();

        assertThat(served).containsExactlyElementsOf(subjectByXid.values());
    }

    private record Feed(List<String> subjects, String cursor) {}

    private Feed drain(String from) {
        return drain(from, 500);
    }

    private Feed drain(String from, int limit) {
        List<String> subjects = new ArrayList<>();
        String cursor = from;
        while (true) {
            ApiResponse response =
                    erp.get("/api/customers/changes?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode page = response.json();
            page.get("items").forEach(e -> subjects.add(e.get("subject").asString()));
            String next = page.get("nextCursor").asString();
            if (page.get("items").isEmpty()) {
                return new Feed(subjects, next);
            }
            cursor = next;
        }
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }
}
