package com.crm.customer.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@CrmServiceTest
class DuplicateDetectionIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
    }

    private String create(String json) {
        ApiResponse response = api.post("/api/customers", json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    /** Detection runs in the background: wait until the customer's latest change has been looked at. */
    private void awaitDetected(String customerId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from duplicate_check where customer_id = :id")
                                .param("id", UUID.fromString(customerId))
                                .query(Long.class)
                                .single()
                        == 0);
    }

    private JsonNode candidatesOf(String customerId, String status) {
        return api.get("/api/duplicates?status=" + status + "&customerId=" + customerId)
                .json()
                .get("items");
    }

    @Test
    void suggestsAPairOnCreateWithScoreAndReasonsAndRemembersADismissal() {
        String mail = "zw-" + UUID.randomUUID() + "@example.com";
        String first = create("""
                {"type":"PERSON","displayName":"Zhang Wei","emails":[{"address":"%s"}],"birthday":"1990-01-01"}""".formatted(mail));
        String second = create("""
                {"type":"PERSON","displayName":"Wei ZHANG","emails":[{"address":"%s"}]}""".formatted(mail.toUpperCase()));

        JsonNode open = await().atMost(Duration.ofSeconds(30))
                .until(() -> candidatesOf(first, "OPEN"), candidates -> candidates.size() == 1);
        JsonNode pair = open.get(0);
        assertThat(pair.get("score").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(pair.get("reasons").toString()).contains("same email", "similar name");
        assertThat(pair.get("customerA").asString() + pair.get("customerB").asString())
                .contains(first, second);

        ApiResponse dismissed = api.post("/api/duplicates/" + pair.get("id").asString() + "/dismiss", "");
        assertThat(dismissed.json().get("status").asString()).isEqualTo("DISMISSED");
        assertThat(dismissed.json().get("decidedBy").asString()).isEqualTo("test-client");

        api.withHeader("If-Match", "\"1\"").patch("/api/customers/" + second, "{\"jobTitle\":\"Buyer\"}");
        awaitDetected(second);
        assertThat(candidatesOf(first, "OPEN"))
                .as("a dismissed pair is not suggested again")
                .isEmpty();
        assertThat(candidatesOf(first, "DISMISSED").size()).isEqualTo(1);
    }

    @Test
    void findsChineseNamesWithTheSamePhoneAndMarksMergedPairs() {
        String phone = "+86 139 " + (1000 + (int) (Math.random() * 8999)) + " 5678";
        String a = create("{\"type\":\"PERSON\",\"givenName\":\"小明\",\"familyName\":\"王\",\"phones\":[{\"number\":\""
                + phone + "\"}]}");
        String b = create("{\"type\":\"PERSON\",\"displayName\":\"王晓明\",\"phones\":[{\"number\":\"" + phone + "\"}]}");
        JsonNode open = await().atMost(Duration.ofSeconds(30))
                .until(() -> candidatesOf(a, "OPEN"), candidates -> candidates.size() == 1);
        assertThat(open.get(0).get("reasons").toString()).contains("same phone");

        ApiResponse merged = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.merge"))
                .post("/api/customers/merge", "{\"survivorId\":\"" + a + "\",\"mergedIds\":[\"" + b + "\"]}");
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(candidatesOf(a, "OPEN")).isEmpty();
        assertThat(candidatesOf(a, "MERGED").size()).isEqualTo(1);
    }

    @Test
    void aFullScanRunsInTheBackgroundForAdminsOnly() {
        create("{\"type\":\"ORGANIZATION\",\"company\":\"Scan Target Ltd\"}");
        assertThat(api.post("/api/duplicates/scan", "").status()).isEqualTo(403);
        ApiClient admin = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.admin"));
        ApiResponse started = admin.post("/api/duplicates/scan", "");
        assertThat(started.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.get("/api/duplicates/scan")
                        .json()
                        .get("state")
                        .asString()
                        .equals("DONE"));
        assertThat(api.get("/api/duplicates/scan").json().get("scanned").asLong())
                .isPositive();
    }
}
