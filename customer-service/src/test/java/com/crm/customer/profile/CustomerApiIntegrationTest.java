package com.crm.customer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerConsentChanged;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerUpdated;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@CrmServiceTest
class CustomerApiIntegrationTest {

    @RegisterExtension
    static final EventCapture events = EventCapture.of(Topics.CUSTOMER);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient writer;
    private ApiClient reader;

    @BeforeEach
    void clients() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        writer = base.withToken(TestTokens.withScopes("crm.read", "crm.write"));
        reader = base.withToken(TestTokens.withScopes("crm.read"));
    }

    private JsonNode create(String json) {
        ApiResponse response = writer.post("/api/customers", json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    @Test
    void registersACustomerWithAChineseNameAndPublishesItsRegisteredCloudEvent() {
        ApiResponse created = writer.post("/api/customers", """
                {"type":"PERSON","givenName":"小明","familyName":"王",
                 "emails":[{"address":"Xiaoming.Wang@Example.cn","primary":true}],
                 "phones":[{"number":"138 1234 5678","label":"mobile"}],
                 "wechatId":"wxid_wang","tags":["vip","上海"],"ownerId":"am-7","timeZone":"Asia/Shanghai",
                 "attributes":{"loyaltyCard":"G-1001","segments":[1,2]},
                 "consents":{"EMAIL":{"status":"GRANTED","source":"web-form"}}}""");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/customers/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(body.get("displayName").asString()).isEqualTo("王小明");
        assertThat(body.at("/phones/0/number").asString()).isEqualTo("+8613812345678");
        assertThat(body.at("/consents/EMAIL/status").asString()).isEqualTo("GRANTED");

        ApiResponse fetched = reader.get("/api/customers/" + id);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json()).isEqualTo(body);
        assertThat(fetched.header("ETag")).isEqualTo("\"1\"");

        EventCapture.Received registered = events.await("crm.customer.registered", id);
        assertThat(registered.key()).isEqualTo(id);
        assertThat(registered.contentType()).isEqualTo("application/cloudevents+json");
        assertThat(registered.event().getSource().toString()).isEqualTo("/crm/customer-service");
        CustomerRegistered data = registered.data(CustomerRegistered.class);
        String published = new String(registered.event().getData().toBytes(), StandardCharsets.UTF_8);
        assertThat(published)
                .as("the event carries no direct identifiers: integrators fetch the profile")
                .doesNotContain("王小明", "小明", "xiaoming.wang@example.cn", "Xiaoming.Wang", "13812345678", "wxid_wang")
                .doesNotContain("\"displayName\"", "\"emails\"", "\"phones\"");
        assertThat(data.customer().consents()).containsEntry("EMAIL", "GRANTED");
        assertThat(data.customer().timeZone()).isEqualTo("Asia/Shanghai");

        CustomerConsentChanged consent =
                events.await("crm.customer.consent-changed", id).data(CustomerConsentChanged.class);
        assertThat(consent.channel()).isEqualTo("EMAIL");
        assertThat(consent.previousStatus()).isNull();
    }

    @Test
    void aCustomerStoredBeforeTheInputRulesStaysReadable() {
        String id = create("""
                {"type":"PERSON","givenName":"Ada","attributes":{"vip":true}}""").get("id").asString();
        // what the API accepted before nulls and control characters were refused at the door
        jdbc.sql("update customer set attributes = cast(:attributes as jsonb) where id = cast(:id as uuid)")
                .param("attributes", "{\"vip\":null,\"note\":\"bell\\u0007\"}")
                .param("id", id)
                .update();

        ApiResponse read = reader.get("/api/customers/" + id);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().at("/attributes/note").asString()).isEqualTo("bell\u0007");
        assertThat(read.json().at("/attributes").has("vip")).isTrue();
    }

    @Test
    void rejectsInvalidInputWithAProblemNamingEveryFieldAtFault() {
        ApiResponse response = writer.post("/api/customers", """
                {"type":"PERSON","givenName":"%s",
                 "emails":[{"address":"not-an-email"}],
                 "phones":[{"number":"12"}],
                 "addresses":[{"country":"China"}]}""".formatted("x".repeat(101)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("type").asString()).isEqualTo("urn:crm:problem:validation");
        assertThat(fields(problem)).contains("givenName", "emails[0].address", "addresses[0].country");
        assertThat(response.body()).doesNotContain("Exception", "at com.");
    }

    @Test
    void reportsEveryDomainRuleBrokenNotOnlyTheFirst() {
        ApiResponse response = writer.post("/api/customers", """
                {"type":"ORGANIZATION","timeZone":"Mars/Olympus_Mons",
                 "emails":[{"address":"a@example.com","primary":true},{"address":"A@example.com","primary":true}],
                 "phones":[{"number":"12"}]}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json()))
                .contains("displayName", "emails[1].address", "emails", "phones[0].number", "timeZone");
    }

    @Test
    void rejectsUnknownFieldsAndUnknownEnumValuesByName() {
        ApiResponse unknown = writer.post("/api/customers", """
                {"type":"PERSON","displayName":"Ann","nickname":"Annie"}""");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(fields(unknown.json())).containsExactly("nickname");

        ApiResponse badEnum = writer.post("/api/customers", """
                {"type":"ROBOT","displayName":"R2"}""");
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(fields(badEnum.json())).containsExactly("type");
        assertThat(badEnum.body()).contains("PERSON", "ORGANIZATION");

        ApiResponse malformed = writer.post("/api/customers", "{\"type\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
    }

    @Test
    void refusesBodiesOverTheSizeLimitBeforeReadingThem() {
        ApiResponse response = writer.post(
                "/api/customers", "{\"type\":\"PERSON\",\"displayName\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}");
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void patchesWithJsonMergePatchGuardedByIfMatch() {
        String id = create("""
                {"type":"PERSON","displayName":"Ada Lovelace","tags":["a"],"company":"Analytical",
                 "consents":{"SMS":{"status":"GRANTED"}}}""").get("id").asString();
        String path = "/api/customers/" + id;

        ApiResponse noIfMatch = writer.patch(path, "{\"company\":\"X\"}");
        assertThat(noIfMatch.status()).isEqualTo(428);

        ApiResponse changed = writer.withHeader("If-Match", "\"1\"").patch(path, """
                {"company":null,"jobTitle":"Mathematician","tags":["a","b"],
                 "consents":{"SMS":{"status":"WITHDRAWN","source":"unsubscribe-link"}}}""");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"2\"");
        JsonNode body = changed.json();
        assertThat(body.get("company").isNull()).isTrue();
        assertThat(body.get("jobTitle").asString()).isEqualTo("Mathematician");
        assertThat(body.at("/consents/SMS/status").asString()).isEqualTo("WITHDRAWN");
        assertThat(body.at("/consents/SMS/source").asString()).isEqualTo("unsubscribe-link");

        ApiResponse stale = writer.withHeader("If-Match", "\"1\"").patch(path, "{\"jobTitle\":\"Countess\"}");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(reader.get(path).json().get("jobTitle").asString()).isEqualTo("Mathematician");

        CustomerUpdated updated = events.await("crm.customer.updated", id).data(CustomerUpdated.class);
        assertThat(updated.changedFields()).containsExactlyInAnyOrder("company", "jobTitle", "tags", "consents");
        CustomerConsentChanged withdrawn = events.awaitMatching(
                        r -> r.event().getType().equals("crm.customer.consent-changed")
                                && id.equals(r.event().getSubject())
                                && r.data(CustomerConsentChanged.class).status().equals("WITHDRAWN"))
                .data(CustomerConsentChanged.class);
        assertThat(withdrawn.previousStatus()).isEqualTo("GRANTED");
        assertThat(withdrawn.source()).isEqualTo("unsubscribe-link");
    }

    @Test
    void aPatchThatBreaksARuleChangesNothing() {
        String id = create("{\"type\":\"PERSON\",\"displayName\":\"Grace\"}")
                .get("id")
                .asString();
        ApiResponse response = writer.withHeader("If-Match", "\"1\"").patch("/api/customers/" + id, """
                {"displayName":"Grace Hopper","emails":[{"address":"nope"}],"shoeSize":9}""");
        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("shoeSize");
        ApiResponse unchanged = reader.get("/api/customers/" + id);
        assertThat(unchanged.json().get("displayName").asString()).isEqualTo("Grace");
        assertThat(unchanged.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void softDeletedCustomersAreGoneAndNoLongerListed() {
        String id = create("{\"type\":\"PERSON\",\"displayName\":\"Temp\",\"tags\":[\"to-delete\"]}")
                .get("id")
                .asString();
        assertThat(writer.delete("/api/customers/" + id).status()).isEqualTo(204);
        ApiResponse gone = reader.get("/api/customers/" + id);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        assertThat(writer.delete("/api/customers/" + id).status()).isEqualTo(204);
        assertThat(reader.get("/api/customers?tag=to-delete").json().get("items"))
                .isEmpty();
        assertThat(events.await("crm.customer.deleted", id).key()).isEqualTo(id);
        assertThat(reader.get("/api/customers/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(fields(reader.get("/api/customers/not-a-uuid").json())).containsExactly("id");
    }

    @Test
    void refusesCallsWithoutAValidTokenOrTheRightScope() {
        ApiClient anonymous = ApiClient.of("http://localhost:" + port);
        ApiResponse noToken = anonymous.get("/api/customers");
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.contentType()).startsWith("application/problem+json");
        assertThat(noToken.header("WWW-Authenticate")).startsWith("Bearer");

        assertThat(anonymous
                        .withToken(TestTokens.expired("crm.read"))
                        .get("/api/customers")
                        .status())
                .isEqualTo(401);
        assertThat(anonymous.withToken("not.a.jwt").get("/api/customers").status())
                .isEqualTo(401);

        ApiResponse readOnly = reader.post("/api/customers", "{\"type\":\"PERSON\",\"displayName\":\"X\"}");
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.contentType()).startsWith("application/problem+json");
        ApiClient integrationOnly = anonymous.withToken(TestTokens.withScopes("crm.integration"));
        assertThat(integrationOnly.get("/api/customers").status()).isEqualTo(403);

        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        var docs = anonymous.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        // every schema the document refers to is in it: clients are generated from it
        assertThat(docs.json().get("components").get("schemas").has("CustomerUpsertItem"))
                .isTrue();
        assertThat(docs.body()).doesNotContain("\"/error\"");
        // the standard errors come from the platform, not from each controller
        var listResponses =
                docs.json().get("paths").get("/api/customers").get("get").get("responses");
        assertThat(listResponses.get("400").get("description").asString())
                .isEqualTo("Invalid input; errors[] names each field at fault");
        assertThat(listResponses.get("401").get("description").asString()).isEqualTo("No valid bearer token");
        assertThat(listResponses.get("403").get("description").asString()).isEqualTo("The token lacks the scope");
        assertThat(listResponses.get("403").get("content").has("application/problem+json"))
                .isTrue();
        assertThat(docs.json().get("components").get("schemas").has("ProblemDetail"))
                .isTrue();
        // a generated client learns which consent keys exist
        var consents = docs.json()
                .get("components")
                .get("schemas")
                .get("CustomerInput")
                .get("properties")
                .get("consents");
        assertThat(consents.get("propertyNames").get("enum").valueStream().map(JsonNode::asString))
                .containsExactly("EMAIL", "SMS", "PHONE", "WECHAT");
        assertThat(consents.get("properties").propertyNames()).containsExactly("EMAIL", "SMS", "PHONE", "WECHAT");
        assertThat(consents.get("additionalProperties").asBoolean(true)).isFalse();
        var direction = docs.json()
                .get("paths")
                .get("/api/customers/{id}/relationships")
                .get("get")
                .get("parameters")
                .valueStream()
                .filter(p -> p.get("name").asString().equals("direction"))
                .findFirst()
                .orElseThrow();
        assertThat(direction.get("schema").get("enum").valueStream().map(JsonNode::asString))
                .containsExactly("in", "out", "both");
    }

    @Test
    void filtersByNameEmailPhoneTagTypeOwnerAndTime() {
        String tag = "filter-" + UUID.randomUUID();
        String li = create("""
                {"type":"PERSON","givenName":"蕾","familyName":"李","ownerId":"am-li",
                 "emails":[{"address":"Lei.Li@Example.com"}],"phones":[{"number":"+86 139 0000 1111"}],
                 "tags":["%s","gold"]}""".formatted(tag)).get("id").asString();
        String acme = create("""
                {"type":"ORGANIZATION","company":"Acme 有限公司","ownerId":"am-acme","tags":["%s"]}""".formatted(tag)).get("id").asString();

        assertThat(ids("/api/customers?tag=" + tag)).containsExactly(li, acme);
        assertThat(ids("/api/customers?tag=" + tag + "&name=" + enc("有限"))).containsExactly(acme);
        assertThat(ids("/api/customers?tag=" + tag + "&name=" + enc("李"))).containsExactly(li);
        assertThat(ids("/api/customers?email=lei.li@example.COM")).containsExactly(li);
        assertThat(ids("/api/customers?phone=" + enc("+86 13900001111"))).containsExactly(li);
        assertThat(ids("/api/customers?tag=" + tag + "&tag=gold")).containsExactly(li);
        assertThat(ids("/api/customers?tag=" + tag + "&type=ORGANIZATION")).containsExactly(acme);
        assertThat(ids("/api/customers?ownerId=am-acme")).containsExactly(acme);
        String createdAt =
                reader.get("/api/customers/" + acme).json().get("createdAt").asString();
        assertThat(ids("/api/customers?tag=" + tag + "&createdFrom=" + createdAt))
                .containsExactly(acme);
        assertThat(ids("/api/customers?tag=" + tag + "&createdTo=" + createdAt)).containsExactly(li);

        assertThat(fields(reader.get("/api/customers?limit=501").json())).containsExactly("limit");
        assertThat(fields(reader.get("/api/customers?cursor=bogus").json())).containsExactly("cursor");
        assertThat(fields(reader.get("/api/customers?type=ROBOT").json())).containsExactly("type");
        assertThat(fields(reader.get("/api/customers?phone=abc").json())).containsExactly("phone");
    }

    @Test
    void pagesReturnEveryCustomerExactlyOnceWhileOthersAreBeingInserted() throws Exception {
        String tag = "paging-" + UUID.randomUUID();
        List<String> existing = IntStream.range(0, 60)
                .parallel()
                .mapToObj(i -> create("{\"type\":\"PERSON\",\"displayName\":\"P" + i + "\",\"tags\":[\"" + tag + "\"]}")
                        .get("id")
                        .asString())
                .toList();

        CompletableFuture<Void> concurrentInserts = CompletableFuture.runAsync(() -> IntStream.range(0, 40)
                .parallel()
                .forEach(i ->
                        create("{\"type\":\"PERSON\",\"displayName\":\"N" + i + "\",\"tags\":[\"" + tag + "\"]}")));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = reader.get(
                            "/api/customers?limit=7&tag=" + tag + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 100);
        concurrentInserts.get();

        assertThat(new HashSet<>(seen)).as("no customer twice").hasSize(seen.size());
        assertThat(seen).containsAll(existing);
    }

    @Test
    void refusesMoreThanAHundredAttributesNamingTheFieldAndTheCode() {
        String attributes =
                IntStream.range(0, 101).mapToObj(i -> "\"k" + i + "\":" + i).collect(Collectors.joining(",", "{", "}"));
        ApiResponse refused = writer.post(
                "/api/customers",
                "{\"type\":\"PERSON\",\"displayName\":\"Many Attributes\",\"attributes\":" + attributes + "}");
        assertThat(refused.status()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("attributes");
        assertThat(error.get("code").asString()).isEqualTo("too-many");
        assertThat(error.get("message").asString()).isEqualTo("at most 100 keys");
    }

    private List<String> ids(String path) {
        ApiResponse response = reader.get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(response.json().get("items").spliterator(), false)
                .map(item -> item.get("id").asString())
                .toList();
    }

    private static Set<String> fields(JsonNode problem) {
        Set<String> fields = new LinkedHashSet<>();
        problem.path("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
