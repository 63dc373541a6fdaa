package com.crm.customer.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bulk exports equal the data row for row: every active customer (with external references and consents) and
 * their purchases; an erased customer is absent from both; updatedSince narrows to what changed; CSV has a header.
 */
@CrmServiceTest
class BulkExportIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void customersAndPurchasesExportRowForRowWithoutTheErased() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        ApiClient writer = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.erase"));
        ApiClient exporter = base.withToken(TestTokens.withScopes("crm.read", "crm.export"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        String kept = created(writer.post("/api/customers", """
                {"type":"PERSON","givenName":"Export","familyName":"Kept %s","emails":[{"address":"kept-%s@example.com"}],
                 "consents":{"EMAIL":{"status":"GRANTED","source":"web"}}}""".formatted(run, run)));
        jdbc.sql("insert into customer_external_ref (source, external_id, customer_id) values ('ERP', :ext, :id)")
                .param("ext", "kept-" + run)
                .param("id", UUID.fromString(kept))
                .update();
        String erased = created(writer.post("/api/customers", """
                {"type":"PERSON","givenName":"Export","familyName":"Gone %s"}""".formatted(run)));
        for (String customer : List.of(kept, erased)) {
            created(writer.post("/api/purchases", """
                    {"customerId":"%s","source":"shop","erpId":"%s","occurredAt":"2026-11-01T10:00:00Z",
                     "amount":"42.50","currency":"CNY"}""".formatted(customer, customer)));
        }
        assertThat(writer.post("/api/customers/" + erased + "/erasure", "").status())
                .isEqualTo(200);

        ApiResponse customers = exporter.get("/api/customers/export");
        assertThat(customers.status()).as(customers.body()).isEqualTo(200);
        assertThat(customers.contentType()).startsWith("application/x-ndjson");
        Map<String, JsonNode> byId = lines(customers.body());
        assertThat(byId.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        jdbc.sql("select cast(id as text) from customer where status = 'ACTIVE'")
                                .query(String.class)
                                .list());
        JsonNode row = byId.get(kept);
        assertThat(row.get("familyName").asString()).isEqualTo("Kept " + run);
        assertThat(row.at("/externalReferences/0/externalId").asString()).isEqualTo("kept-" + run);
        assertThat(row.at("/consents/EMAIL/status").asString()).isEqualTo("GRANTED");
        assertThat(row.at("/emails/0/address").asString()).isEqualTo("kept-" + run + "@example.com");
        assertThat(customers.body()).doesNotContain(erased, "Gone " + run);

        ApiResponse purchases = exporter.get("/api/purchases/export");
        assertThat(purchases.status()).isEqualTo(200);
        Map<String, JsonNode> purchaseRows = lines(purchases.body());
        assertThat(purchaseRows.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        jdbc.sql("""
                                select cast(p.id as text) from purchase p join customer c on c.id = p.customer_id
                                where c.status = 'ACTIVE'""").query(String.class).list());
        assertThat(purchases.body()).contains(kept).doesNotContain(erased);

        Instant later = Instant.now().plusSeconds(3600);
        ApiResponse none = exporter.get("/api/customers/export?format=csv&updatedSince=" + later);
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.contentType()).startsWith("text/csv");
        assertThat(none.body().strip()).startsWith("id,type,displayName").doesNotContain("\n");

        assertThat(exporter.get("/api/customers/export?format=pdf").status()).isEqualTo(400);
        assertThat(base.withToken(TestTokens.withScopes("crm.read"))
                        .get("/api/customers/export")
                        .status())
                .isEqualTo(403);
        assertThat(base.withToken(TestTokens.forUser("alice", "agent", "north", "crm.read", "crm.export"))
                        .get("/api/purchases/export")
                        .status())
                .isEqualTo(403);
    }

    private static String created(ApiResponse response) {
        assertThat(response.status()).as(response.body()).isIn(200, 201);
        return response.json().get("id").asString();
    }

    private static Map<String, JsonNode> lines(String body) {
        Map<String, JsonNode> rows = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (String line : body.split("\n")) {
            JsonNode row = JSON.readTree(line);
            ids.add(row.get("id").asString());
            rows.put(row.get("id").asString(), row);
        }
        assertThat(ids).as("each row once").doesNotHaveDuplicates();
        return rows;
    }
}
