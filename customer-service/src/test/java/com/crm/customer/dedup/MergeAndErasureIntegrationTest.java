package com.crm.customer.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@CrmServiceTest
class MergeAndErasureIntegrationTest {

    @RegisterExtension
    static final EventCapture events = EventCapture.of(Topics.CUSTOMER);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient erp;
    private ApiClient admin;
    private ApiClient merger;
    private ApiClient exporter;
    private ApiClient eraser;
    private String source;

    @BeforeEach
    void clients() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        erp = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.integration"));
        admin = base.withToken(TestTokens.withScopes("crm.admin"));
        merger = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.merge"));
        exporter = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.export"));
        eraser = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.erase"));
        source = "M" + UUID.randomUUID().toString().substring(0, 6);
    }

    private String upsert(String externalId, String customerJson) {
        JsonNode result = erp.post(
                        "/api/customers/batch",
                        "{\"items\":[{\"source\":\"" + source + "\",\"externalId\":\"" + externalId + "\",\"customer\":"
                                + customerJson + "}]}")
                .json();
        assertThat(result.at("/results/0/status").asString())
                .as(result.toString())
                .isIn("created", "updated");
        return result.at("/results/0/result/id").asString();
    }

    private void purchase(String customerId, String erpId, String amount) {
        ApiResponse response = erp.post("/api/purchases", """
                {"customerId":"%s","source":"%s","erpId":"%s","occurredAt":"2026-05-01T10:00:00Z","amount":"%s",
                 "currency":"CNY"}""".formatted(customerId, source, erpId, amount));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    @Test
    void mergesIntoASurvivorKeepingEverythingAndTheMergedIdKeepsResolving() {
        String older = upsert("A", """
                {"type":"PERSON","displayName":"李雷","emails":[{"address":"lilei@example.cn","primary":true}],
                 "tags":["vip"],"consents":{"EMAIL":{"status":"GRANTED"}}}""");
        String newer = upsert("B", """
                {"type":"PERSON","displayName":"Li Lei","jobTitle":"CTO",
                 "emails":[{"address":"lei.li@corp.example","primary":true}],"phones":[{"number":"+8613900001234"}],
                 "tags":["tech"],"consents":{"EMAIL":{"status":"WITHDRAWN","source":"unsubscribe"}}}""");
        purchase(newer, "B-INV-1", "88.00");

        assertThat(erp.post("/api/customers/merge", """
                {"survivorId":"%s","mergedIds":["%s"],"dryRun":true}""".formatted(older, newer)).status())
                .as("a merge needs crm.merge or crm.admin, crm.write is not enough")
                .isEqualTo(403);
        JsonNode preview = merger.post("/api/customers/merge", """
                {"survivorId":"%s","mergedIds":["%s"],"fieldChoices":{"displayName":"%s"},"dryRun":true}""".formatted(older, newer, older))
                .json();
        assertThat(preview.get("dryRun").asBoolean()).isTrue();
        assertThat(preview.at("/survivor/displayName").asString()).isEqualTo("李雷");
        assertThat(preview.at("/survivor/jobTitle").asString()).isEqualTo("CTO");
        assertThat(preview.at("/survivor/consents/EMAIL/status").asString())
                .as("most restrictive wins")
                .isEqualTo("WITHDRAWN");
        assertThat(preview.at("/survivor/emails").size()).isEqualTo(2);
        assertThat(preview.at("/fieldSources/jobTitle").asString()).isEqualTo(newer);
        assertThat(erp.get("/api/customers/" + older).header("ETag"))
                .as("a dry run changes nothing")
                .isEqualTo("\"1\"");
        assertThat(erp.get("/api/customers/" + newer).json().get("id").asString())
                .isEqualTo(newer);

        ApiResponse merged = merger.post("/api/customers/merge", """
                {"survivorId":"%s","mergedIds":["%s"],"fieldChoices":{"displayName":"%s"}}""".formatted(older, newer, older));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        JsonNode survivor = merged.json().get("survivor");
        assertThat(survivor.get("tags").toString()).contains("vip", "tech");
        assertThat(survivor.get("phones").size()).isEqualTo(1);
        assertThat(survivor.get("externalReferences").size()).isEqualTo(2);

        ApiResponse viaMergedId = erp.get("/api/customers/" + newer);
        assertThat(viaMergedId.status()).isEqualTo(200);
        assertThat(viaMergedId.json().get("id").asString()).isEqualTo(older);
        assertThat(viaMergedId.header("Content-Location")).isEqualTo("/api/customers/" + older);
        assertThat(erp.get("/api/purchases?customerId=" + older)
                        .json()
                        .at("/items/0/erpId")
                        .asString())
                .isEqualTo("B-INV-1");
        assertThat(upsert("B", "{\"region\":\"Shanghai\"}"))
                .as("the merged customer's reference now names the survivor")
                .isEqualTo(older);
        purchase(newer, "B-INV-2", "1.00");
        assertThat(erp.get("/api/purchases?customerId=" + older)
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(2);

        CustomerMerged event = events.await("crm.customer.merged", older).data(CustomerMerged.class);
        assertThat(event.mergedIds()).containsExactly(UUID.fromString(newer));
        assertThat(event.survivor().consents()).containsEntry("EMAIL", "WITHDRAWN");
        assertThat(merger.post("/api/customers/merge", """
                {"survivorId":"%s","mergedIds":["%s"]}""".formatted(older, newer))
                        .status())
                .as("a merged customer cannot be merged again")
                .isEqualTo(409);
    }

    @Test
    void refusesMergesThatMakeNoSenseNamingTheField() {
        String a = upsert("X1", "{\"type\":\"PERSON\",\"displayName\":\"A\"}");
        String b = upsert("X2", "{\"type\":\"PERSON\",\"displayName\":\"B\"}");
        ApiResponse self = merger.post("/api/customers/merge", """
                {"survivorId":"%s","mergedIds":["%s","%s"]}""".formatted(a, a, b));
        assertThat(self.status()).isEqualTo(400);
        assertThat(fields(self.json())).contains("mergedIds");
        ApiResponse badChoice = merger.post("/api/customers/merge", """
                {"survivorId":"%s","mergedIds":["%s"],"fieldChoices":{"emails":"%s","company":"%s"}}""".formatted(a, b, a, UUID.randomUUID()));
        assertThat(badChoice.status()).isEqualTo(400);
        assertThat(fields(badChoice.json())).containsExactly("fieldChoices.emails", "fieldChoices.company");
        assertThat(merger.post("/api/customers/merge", """
                {"survivorId":"%s","mergedIds":["%s"]}""".formatted(a, UUID.randomUUID()))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void erasureAnonymisesForGoodKeepsPurchasesAndBlocksSilentResurrection() {
        String id = upsert("E1", """
                {"type":"PERSON","givenName":"Erika","familyName":"Mustermann","birthday":"1980-02-03",
                 "emails":[{"address":"erika@example.de"}],"phones":[{"number":"+49 30 1234567"}],
                 "attributes":{"note":"likes jazz"}}""");
        purchase(id, "E-INV-1", "12.50");
        assertThat(erp.get("/api/customers/" + id + "/export").status())
                .as("crm.export or crm.admin only")
                .isEqualTo(403);
        assertThat(exporter.get("/api/customers/" + id + "/export").status())
                .as("crm.export suffices")
                .isEqualTo(200);

        JsonNode export = admin.get("/api/customers/" + id + "/export").json();
        assertThat(export.at("/records/customer/emails/0/address").asString()).isEqualTo("erika@example.de");
        assertThat(export.at("/purchases/0/amount").asString()).isEqualTo("12.50");

        assertThat(erp.post("/api/customers/" + id + "/erasure", "").status())
                .as("crm.erase or crm.admin only")
                .isEqualTo(403);
        assertThat(exporter.post("/api/customers/" + id + "/erasure", "").status())
                .as("crm.export is not crm.erase")
                .isEqualTo(403);
        ApiResponse erased = eraser.post("/api/customers/" + id + "/erasure", "");
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(admin.post("/api/customers/" + id + "/erasure", "").status())
                .as("safe to retry")
                .isEqualTo(200);

        assertThat(erp.get("/api/customers/" + id).status()).isEqualTo(410);
        String stored = jdbc.sql("select row_to_json(c)::text from customer c where id = :id")
                .param("id", UUID.fromString(id))
                .query(String.class)
                .single();
        assertThat(stored).doesNotContain("Erika", "Mustermann", "erika@example.de", "1234567", "1980", "jazz");
        assertThat(jdbc.sql("select count(*) from purchase where customer_id = :id")
                        .param("id", UUID.fromString(id))
                        .query(Long.class)
                        .single())
                .as("purchases stay as anonymous amounts")
                .isEqualTo(1);
        assertThat(events.await("crm.customer.erased", id)
                        .data(CustomerErased.class)
                        .customerId())
                .isEqualTo(UUID.fromString(id));
        assertThat(jdbc.sql("select count(*) from crm_outbox where message_key = :id and position("
                                + "convert_to('Mustermann', 'UTF8') in payload) > 0")
                        .param("id", id)
                        .query(Long.class)
                        .single())
                .as("no published copy of the personal data is kept")
                .isZero();

        JsonNode resurrect = erp.post(
                        "/api/customers/batch",
                        "{\"items\":[{\"source\":\"" + source
                                + "\",\"externalId\":\"E1\",\"customer\":{\"type\":\"PERSON\",\"displayName\":\"Erika\"}}]}")
                .json();
        assertThat(resurrect.at("/results/0/status").asString()).isEqualTo("rejected");
        assertThat(resurrect.at("/results/0/problem/status").asInt()).isEqualTo(410);
        JsonNode recreated = erp.post(
                        "/api/customers/batch",
                        "{\"items\":[{\"source\":\"" + source
                                + "\",\"externalId\":\"E1\",\"recreate\":true,\"customer\":{\"type\":\"PERSON\",\"displayName\":\"Erika\"}}]}")
                .json();
        assertThat(recreated.at("/results/0/status").asString()).isEqualTo("created");
        assertThat(recreated.at("/results/0/result/id").asString()).isNotEqualTo(id);
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }
}
