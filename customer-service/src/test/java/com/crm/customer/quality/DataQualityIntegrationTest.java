package com.crm.customer.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@CrmServiceTest
class DataQualityIntegrationTest {

    @LocalServerPort
    int port;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
    }

    @Test
    void assessesEveryChangeAndListsAndReportsByIssue() {
        String id = api.post("/api/customers", """
                {"type":"PERSON","displayName":"Quality Probe","emails":[{"address":"probe@localhost"}],
                 "phones":[{"number":"+1 111 555 0123"}]}""").json().get("id").asString();

        JsonNode quality = api.get("/api/customers/" + id + "/data-quality").json();
        assertThat(codes(quality))
                .contains("INVALID_EMAIL_SYNTAX", "PHONE_NOT_DIALABLE", "MISSING_NAME", "MISSING_ADDRESS");
        int before = quality.get("score").asInt();

        api.withHeader("If-Match", "\"1\"").patch("/api/customers/" + id, """
                {"givenName":"Quinn","familyName":"Probe","emails":[{"address":"quinn@example.com"}],
                 "phones":[{"number":"+86 137 %04d 2468"}],"region":"East",
                 "addresses":[{"lines":["1 Road"],"city":"Hangzhou","country":"CN"}]}""".formatted(new Random().nextInt(10_000)));
        JsonNode after = api.get("/api/customers/" + id + "/data-quality").json();
        assertThat(codes(after)).doesNotContain("INVALID_EMAIL_SYNTAX", "PHONE_NOT_DIALABLE", "MISSING_NAME");
        assertThat(after.get("score").asInt()).isGreaterThan(before);

        String bad = api.post("/api/customers", """
                {"type":"ORGANIZATION","company":"No Phone Co","phones":[{"number":"+1 111 555 0199"}]}""").json().get("id").asString();
        List<String> flagged = new ArrayList<>();
        api.get("/api/data-quality/customers?issue=PHONE_NOT_DIALABLE&limit=500")
                .json()
                .get("items")
                .forEach(i -> flagged.add(i.get("customerId").asString()));
        assertThat(flagged).contains(bad).doesNotContain(id);
        assertThat(api.get("/api/data-quality/customers?issue=bad-code").status())
                .isEqualTo(400);

        JsonNode report = api.get("/api/data-quality/report?since=2026-01-01").json();
        assertThat(report.get("customers").asInt()).isPositive();
        assertThat(report.at("/byIssue/PHONE_NOT_DIALABLE").asInt()).isPositive();
        assertThat(report.has("suspectedDuplicates")).isTrue();
        assertThat(report.get("trend").toString())
                .contains(LocalDate.now(ZoneOffset.UTC).toString());
    }

    @Test
    void pagesWalkTheListInScoreOrderEachCustomerOnce() {
        for (int i = 0; i < 3; i++) {
            api.post("/api/customers", """
                    {"type":"ORGANIZATION","company":"Paged Co %d","phones":[{"number":"+1 111 555 01%02d"}]}""".formatted(i, i));
        }
        String list = "/api/data-quality/customers?issue=PHONE_NOT_DIALABLE";
        JsonNode all = api.get(list + "&limit=500").json();
        assertThat(all.get("nextCursor").isNull()).isTrue();
        List<String> expected = new ArrayList<>();
        all.get("items").forEach(i -> expected.add(i.get("customerId").asString()));
        assertThat(expected).hasSizeGreaterThanOrEqualTo(3);

        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get(list + "&limit=1" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.get("items").forEach(i -> walked.add(i.get("customerId").asString()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(walked).isEqualTo(expected);

        ApiResponse foreign = api.get(list + "&cursor=bogus");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().get("errors").get(0).get("field").asString()).isEqualTo("cursor");
    }

    private static List<String> codes(JsonNode quality) {
        List<String> codes = new ArrayList<>();
        quality.get("issues").forEach(i -> codes.add(i.get("code").asString()));
        return codes;
    }
}
