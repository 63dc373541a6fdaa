package com.crm.customer.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerUpdated;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Custom properties end to end: admins define them (audited, 403 for others), every customer write checks the values
 * (single, patch, ERP batch), unique values stay unique under concurrent writes, a definition change existing values
 * would break is refused with their count, archiving keeps the data, search filters and sorts by them with their
 * types, and personal ones never reach the broker.
 */
@CrmServiceTest
class CustomPropertyIntegrationTest {

    @RegisterExtension
    static final EventCapture events = EventCapture.of(Topics.CUSTOMER);

    @LocalServerPort
    int port;

    private ApiClient admin;
    private ApiClient configurer;
    private ApiClient writer;
    private ApiClient erp;
    private ApiClient auditor;

    @BeforeEach
    void clients() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        configurer = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.config"));
        admin = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.admin"));
        writer = base.withToken(TestTokens.withScopes("crm.read", "crm.write"));
        erp = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.integration"));
        auditor = base.withToken(TestTokens.withScopes("crm.admin"));
    }

    private static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private JsonNode define(String json) {
        ApiResponse r = configurer.post("/api/customer-properties", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private String createCustomer(String propertiesJson) {
        ApiResponse r = writer.post("/api/customers", """
                {"type":"PERSON","displayName":"Prop Person","properties":%s}""".formatted(propertiesJson));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private ApiResponse put(ApiClient client, String name, String etag, String json) {
        ApiClient c = etag == null ? client : client.withHeader("If-Match", etag);
        return c.send("PUT", "/api/customer-properties/" + name, json, "application/json");
    }

    private static List<String> fields(JsonNode problem) {
        return StreamSupport.stream(problem.get("errors").spliterator(), false)
                .map(e -> e.get("field").asString())
                .toList();
    }

    private static List<String> names(JsonNode list) {
        return StreamSupport.stream(list.get("items").spliterator(), false)
                .map(e -> e.get("name").asString())
                .toList();
    }

    @Test
    void adminsDefineChangeAndArchiveAPropertyAndEveryChangeIsAudited() {
        String name = unique("loyalty_level");
        ApiResponse created = configurer.post("/api/customer-properties", """
                {"name":"%s","label":"Loyalty level","group":"Loyalty","type":"ENUM",
                 "options":[{"value":"bronze","label":"Bronze"},{"value":"gold"}]}""".formatted(name));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/customer-properties/" + name);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(created.json().at("/options/1/label").asString()).isEqualTo("gold");

        ApiResponse read = writer.get("/api/customer-properties/" + name);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("type").asString()).isEqualTo("ENUM");
        assertThat(names(writer.get("/api/customer-properties").json())).contains(name);

        String change = """
                {"label":"Loyalty tier","group":"Loyalty","type":"ENUM",
                 "options":[{"value":"bronze"},{"value":"gold"},{"value":"platinum"}]}""";
        assertThat(put(configurer, name, null, change).status()).isEqualTo(428);
        assertThat(put(configurer, name, "\"7\"", change).status()).isEqualTo(412);
        ApiResponse changed = put(configurer, name, "\"1\"", change);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"2\"");
        assertThat(changed.json().get("label").asString()).isEqualTo("Loyalty tier");

        assertThat(admin.delete("/api/customer-properties/" + name).status()).isEqualTo(204);
        assertThat(admin.delete("/api/customer-properties/" + name).status()).isEqualTo(204);
        assertThat(names(writer.get("/api/customer-properties").json())).doesNotContain(name);
        assertThat(names(writer.get("/api/customer-properties?archived=true").json()))
                .contains(name);
        assertThat(writer.get("/api/customer-properties/" + name)
                        .json()
                        .get("archived")
                        .asBoolean())
                .isTrue();

        ApiResponse back = put(configurer, name, "\"3\"", change);
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().get("archived").asBoolean()).isFalse();
        assertThat(names(writer.get("/api/customer-properties").json())).contains(name);

        for (String action :
                List.of("customer-property.defined", "customer-property.changed", "customer-property.archived")) {
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> auditor.get("/api/audit?action=" + action + "&subjectId=" + name)
                                    .json()
                                    .get("items"),
                            items -> items.size() >= 1);
        }
    }

    @Test
    void peopleWithoutTheConfigurationScopeCannotDefineProperties() {
        ApiResponse refused = writer.post("/api/customer-properties", """
                {"name":"%s","label":"X","type":"STRING"}""".formatted(unique("nope")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(put(writer, "anything", "\"1\"", "{\"label\":\"X\",\"type\":\"STRING\"}")
                        .status())
                .isEqualTo(403);
        assertThat(writer.delete("/api/customer-properties/anything").status()).isEqualTo(403);
    }

    @Test
    void badDefinitionsAreRefusedNamingEachField() {
        ApiResponse bad = configurer.post("/api/customer-properties", """
                {"name":"Bad Name","label":"","type":"COLOUR","pattern":"([a-z"}""");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(fields(bad.json())).contains("name", "label", "type");

        ApiResponse regex = configurer.post("/api/customer-properties", """
                {"name":"%s","label":"Code","type":"STRING","pattern":"([a-z"}""".formatted(unique("code")));
        assertThat(regex.status()).isEqualTo(400);
        assertThat(fields(regex.json())).containsExactly("pattern");
        assertThat(regex.json().at("/errors/0/code").asString()).isEqualTo("invalid-format");

        ApiResponse noOptions = configurer.post("/api/customer-properties", """
                {"name":"%s","label":"Size","type":"ENUM"}""".formatted(unique("size")));
        assertThat(noOptions.status()).isEqualTo(400);
        assertThat(fields(noOptions.json())).containsExactly("options");

        ApiResponse standard = configurer.post("/api/customer-properties", """
                {"name":"email","label":"E-mail","type":"STRING"}""");
        assertThat(standard.status()).isEqualTo(400);
        assertThat(standard.json().at("/errors/0/code").asString()).isEqualTo("not-allowed");

        ApiResponse bounds = configurer.post("/api/customer-properties", """
                {"name":"%s","label":"Score","type":"NUMBER","min":10,"max":1,"unique":false}""".formatted(unique("score")));
        assertThat(bounds.status()).isEqualTo(400);
        assertThat(fields(bounds.json())).containsExactly("max");

        String name = unique("dup");
        define("{\"name\":\"%s\",\"label\":\"Dup\",\"type\":\"BOOLEAN\"}".formatted(name));
        ApiResponse taken = configurer.post(
                "/api/customer-properties", "{\"name\":\"%s\",\"label\":\"Dup\",\"type\":\"BOOLEAN\"}".formatted(name));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().at("/errors/0/code").asString()).isEqualTo("taken");
    }

    @Test
    void valuesAreCheckedOnCreateUpdateAndBatchNamingEachProperty() {
        String score = unique("score");
        String level = unique("level");
        String code = unique("code");
        String since = unique("since");
        define("{\"name\":\"%s\",\"label\":\"Score\",\"type\":\"NUMBER\",\"min\":0,\"max\":100}".formatted(score));
        define(
                "{\"name\":\"%s\",\"label\":\"Level\",\"type\":\"ENUM\",\"options\":[{\"value\":\"a\"},{\"value\":\"b\"}]}"
                        .formatted(level));
        define("{\"name\":\"%s\",\"label\":\"Code\",\"type\":\"STRING\",\"pattern\":\"[A-Z]{2}-[0-9]+\"}"
                .formatted(code));
        define("{\"name\":\"%s\",\"label\":\"Since\",\"type\":\"DATE\",\"min\":\"2000-01-01\"}".formatted(since));

        ApiResponse bad = writer.post("/api/customers", """
                {"type":"PERSON","displayName":"Bad values","properties":
                 {"%s":"twelve","%s":"c","%s":"ab-1","%s":"1999-12-31","unknown_prop":1}}""".formatted(score, level, code, since));
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(fields(bad.json()))
                .containsExactlyInAnyOrder(
                        "properties." + score,
                        "properties." + level,
                        "properties." + code,
                        "properties." + since,
                        "properties.unknown_prop");

        ApiResponse outOfRange = writer.post("/api/customers", """
                {"type":"PERSON","displayName":"Too much","properties":{"%s":101}}""".formatted(score));
        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(outOfRange.json().at("/errors/0/code").asString()).isEqualTo("out-of-range");

        String id = createCustomer(
                "{\"%s\":42,\"%s\":\"a\",\"%s\":\"AB-12\",\"%s\":\"2020-02-29\"}".formatted(score, level, code, since));
        JsonNode customer = writer.get("/api/customers/" + id).json();
        assertThat(customer.at("/properties/" + score).asInt()).isEqualTo(42);
        assertThat(customer.at("/properties/" + since).asString()).isEqualTo("2020-02-29");
        ApiResponse overview = writer.get("/api/customers/" + id + "/overview");
        assertThat(overview.status()).as(overview.body()).isEqualTo(200);
        assertThat(overview.json().at("/profile/properties/" + score).asInt()).isEqualTo(42);
        assertThat(overview.json().at("/profile/properties/" + level).asString())
                .isEqualTo("a");

        ApiResponse badPatch = writer.withHeader("If-Match", "\"1\"")
                .patch("/api/customers/" + id, "{\"properties\":{\"%s\":1.5}}".formatted(score));
        assertThat(badPatch.status()).isEqualTo(400);
        assertThat(fields(badPatch.json())).containsExactly("properties." + score);
        ApiResponse patched = writer.withHeader("If-Match", "\"1\"")
                .patch("/api/customers/" + id, "{\"properties\":{\"%s\":7,\"%s\":null}}".formatted(score, level));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().at("/properties/" + score).asInt()).isEqualTo(7);
        assertThat(patched.json().get("properties").has(level)).isFalse();
        assertThat(patched.json().at("/properties/" + code).asString()).isEqualTo("AB-12");

        String source = unique("ERP");
        ApiResponse batch = erp.post("/api/customers/batch", """
                {"items":[
                 {"source":"%1$s","externalId":"1","customer":{"type":"PERSON","displayName":"Fine","properties":{"%2$s":5}}},
                 {"source":"%1$s","externalId":"2","customer":{"type":"PERSON","displayName":"Bad","properties":{"%2$s":"x","%3$s":"z"}}}
                ]}""".formatted(source, score, level));
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        JsonNode results = batch.json().get("results");
        assertThat(results.at("/0/status").asString()).isEqualTo("created");
        assertThat(results.at("/1/status").asString()).isEqualTo("rejected");
        assertThat(fields(results.at("/1/problem")))
                .containsExactlyInAnyOrder("customer.properties." + score, "customer.properties." + level);
        // the same batch again: the valid item is unchanged (its stored values compare equal to the written ones)
        ApiResponse again = erp.post("/api/customers/batch", """
                {"items":[{"source":"%1$s","externalId":"1","customer":{"type":"PERSON","displayName":"Fine","properties":{"%2$s":5}}}]}""".formatted(source, score));
        assertThat(again.json().at("/results/0/status").asString()).isEqualTo("unchanged");
    }

    @Test
    void aRequiredPropertyMustBeGivenOnCreate() {
        String name = unique("contract_no");
        define("{\"name\":\"%s\",\"label\":\"Contract\",\"type\":\"STRING\",\"required\":true}".formatted(name));
        try {
            ApiResponse missing =
                    writer.post("/api/customers", "{\"type\":\"PERSON\",\"displayName\":\"No contract\"}");
            assertThat(missing.status()).as(missing.body()).isEqualTo(400);
            assertThat(fields(missing.json())).contains("properties." + name);
            assertThat(missing.json().at("/errors/0/code").asString()).isEqualTo("required");
        } finally {
            // other tests create customers without it
            assertThat(admin.delete("/api/customer-properties/" + name).status())
                    .isEqualTo(204);
        }
    }

    @Test
    void aUniqueValueIsHeldByOneCustomerEvenUnderConcurrentWrites() throws Exception {
        String name = unique("member_no");
        define("{\"name\":\"%s\",\"label\":\"Member\",\"type\":\"STRING\",\"unique\":true}".formatted(name));
        String body = """
                {"type":"PERSON","displayName":"Twin","properties":{"%s":"M-1"}}""".formatted(name);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<ApiResponse>> writes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            writes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return writer.post("/api/customers", body);
            }));
        }
        start.countDown();
        List<Integer> statuses =
                writes.stream().map(f -> f.join().status()).sorted().toList();
        assertThat(statuses).containsExactly(201, 409);
        ApiResponse conflict = writes.stream()
                .map(CompletableFuture::join)
                .filter(r -> r.status() == 409)
                .findFirst()
                .orElseThrow();
        assertThat(fields(conflict.json())).containsExactly("properties." + name);
        assertThat(conflict.json().at("/errors/0/code").asString()).isEqualTo("taken");

        // a deleted holder releases its value
        String holder = writes.stream()
                .map(CompletableFuture::join)
                .filter(r -> r.status() == 201)
                .findFirst()
                .orElseThrow()
                .json()
                .get("id")
                .asString();
        assertThat(writer.delete("/api/customers/" + holder).status()).isEqualTo(204);
        assertThat(writer.post("/api/customers", body).status()).isEqualTo(201);
    }

    @Test
    void aChangeExistingValuesWouldBreakIsRefusedWithTheirCount() {
        String name = unique("ref");
        define("{\"name\":\"%s\",\"label\":\"Ref\",\"type\":\"STRING\"}".formatted(name));
        createCustomer("{\"%s\":\"abc\"}".formatted(name));
        createCustomer("{\"%s\":\"12\"}".formatted(name));
        createCustomer("{\"%s\":\"xyz\"}".formatted(name));

        ApiResponse retype = put(configurer, name, "\"1\"", "{\"label\":\"Ref\",\"type\":\"NUMBER\"}");
        assertThat(retype.status()).as(retype.body()).isEqualTo(409);
        assertThat(fields(retype.json())).containsExactly("type");
        assertThat(retype.json().get("detail").asString()).contains("3 customer");

        ApiResponse pattern =
                put(configurer, name, "\"1\"", "{\"label\":\"Ref\",\"type\":\"STRING\",\"pattern\":\"[a-z]+\"}");
        assertThat(pattern.status()).isEqualTo(409);
        assertThat(pattern.json().at("/errors/0/field").asString()).isEqualTo("pattern");
        assertThat(pattern.json().at("/errors/0/message").asString()).startsWith("1 customer ");

        ApiResponse tooShort = put(configurer, name, "\"1\"", "{\"label\":\"Ref\",\"type\":\"STRING\",\"min\":3}");
        assertThat(tooShort.status()).isEqualTo(409);
        assertThat(tooShort.json().at("/errors/0/message").asString()).startsWith("1 customer ");

        ApiResponse fine = put(configurer, name, "\"1\"", "{\"label\":\"Reference\",\"type\":\"STRING\",\"max\":3}");
        assertThat(fine.status()).as(fine.body()).isEqualTo(200);
    }

    @Test
    void archivingKeepsTheValuesAndRefusesNewOnes() {
        String name = unique("legacy");
        define("{\"name\":\"%s\",\"label\":\"Legacy\",\"type\":\"NUMBER\"}".formatted(name));
        String id = createCustomer("{\"%s\":3}".formatted(name));
        assertThat(admin.delete("/api/customer-properties/" + name).status()).isEqualTo(204);

        JsonNode kept = writer.get("/api/customers/" + id).json();
        assertThat(kept.at("/properties/" + name).asInt()).isEqualTo(3);
        assertThat(writer.get("/api/customers/" + id + "/overview")
                        .json()
                        .at("/profile/properties")
                        .has(name))
                .as("the overview leaves archived properties out")
                .isFalse();
        ApiResponse other =
                writer.withHeader("If-Match", "\"1\"").patch("/api/customers/" + id, "{\"jobTitle\":\"CTO\"}");
        assertThat(other.status()).as(other.body()).isEqualTo(200);
        assertThat(other.json().at("/properties/" + name).asInt()).isEqualTo(3);

        ApiResponse write = writer.withHeader("If-Match", "\"2\"")
                .patch("/api/customers/" + id, "{\"properties\":{\"%s\":4}}".formatted(name));
        assertThat(write.status()).isEqualTo(400);
        assertThat(fields(write.json())).containsExactly("properties." + name);
        assertThat(write.json().at("/errors/0/code").asString()).isEqualTo("not-allowed");
        ApiResponse create = writer.post(
                "/api/customers",
                "{\"type\":\"PERSON\",\"displayName\":\"New\",\"properties\":{\"%s\":1}}".formatted(name));
        assertThat(create.status()).isEqualTo(400);

        ApiResponse search = writer.post("/api/customers/search", """
                {"filterGroups":[{"filters":[{"propertyName":"%s","operator":"EQ","value":3}]}]}""".formatted(name));
        assertThat(search.status()).isEqualTo(400);
        assertThat(search.json().at("/errors/0/code").asString()).isEqualTo("unknown-field");
    }

    @Test
    void searchFiltersAndSortsByCustomPropertiesWithTheirTypes() {
        String points = unique("points");
        String level = unique("tier_level");
        String since = unique("member_since");
        String tag = unique("batch");
        define("{\"name\":\"%s\",\"label\":\"Points\",\"type\":\"NUMBER\"}".formatted(points));
        define(
                "{\"name\":\"%s\",\"label\":\"Level\",\"type\":\"ENUM\",\"options\":[{\"value\":\"bronze\"},{\"value\":\"silver\"},{\"value\":\"gold\"}]}"
                        .formatted(level));
        define("{\"name\":\"%s\",\"label\":\"Since\",\"type\":\"DATE\"}".formatted(since));
        String p9 =
                createTagged(tag, "{\"%s\":9,\"%s\":\"bronze\",\"%s\":\"2019-05-01\"}".formatted(points, level, since));
        String p100 =
                createTagged(tag, "{\"%s\":100,\"%s\":\"gold\",\"%s\":\"2021-01-15\"}".formatted(points, level, since));
        String p20 = createTagged(
                tag, "{\"%s\":20,\"%s\":\"silver\",\"%s\":\"2022-07-01\"}".formatted(points, level, since));
        createTagged(tag, "{}");

        // numeric, not text: 100 > 10 although "100" < "20"
        JsonNode gt = search("""
                {"filterGroups":[{"filters":[{"propertyName":"tags","operator":"EQ","value":"%s"},
                  {"propertyName":"%s","operator":"GT","value":10}]}],
                 "sorts":[{"propertyName":"%s","direction":"DESCENDING"}]}""".formatted(tag, points, points));
        assertThat(ids(gt)).containsExactly(p100, p20);
        assertThat(gt.get("total").asLong()).isEqualTo(2);

        JsonNode sortedAsc = search("""
                {"filterGroups":[{"filters":[{"propertyName":"tags","operator":"EQ","value":"%s"}]}],
                 "sorts":[{"propertyName":"%s"}],"limit":2}""".formatted(tag, points));
        assertThat(ids(sortedAsc)).containsExactly(p9, p20);
        JsonNode page2 =
                search("""
                {"filterGroups":[{"filters":[{"propertyName":"tags","operator":"EQ","value":"%s"}]}],
                 "sorts":[{"propertyName":"%s"}],"limit":2,"after":"%s"}""".formatted(tag, points, sortedAsc.get("nextCursor").asString()));
        assertThat(ids(page2)).startsWith(p100).hasSize(2);

        JsonNode in = search("""
                {"filterGroups":[{"filters":[{"propertyName":"tags","operator":"EQ","value":"%s"},
                  {"propertyName":"%s","operator":"IN","values":["gold","silver"]}]}]}""".formatted(tag, level));
        assertThat(ids(in)).containsExactlyInAnyOrder(p100, p20);

        JsonNode between = search("""
                {"filterGroups":[{"filters":[{"propertyName":"tags","operator":"EQ","value":"%s"},
                  {"propertyName":"%s","operator":"BETWEEN","value":"2019-01-01","highValue":"2021-12-31"}]}]}""".formatted(tag, since));
        assertThat(ids(between)).containsExactlyInAnyOrder(p9, p100);

        ApiResponse notAnOption = writer.post("/api/customers/search", """
                {"filterGroups":[{"filters":[{"propertyName":"%s","operator":"EQ","value":"platinum"}]}]}""".formatted(level));
        assertThat(notAnOption.status()).isEqualTo(400);
        assertThat(fields(notAnOption.json())).containsExactly("filterGroups[0].filters[0].value");
        ApiResponse wrongOperator = writer.post("/api/customers/search", """
                {"filterGroups":[{"filters":[{"propertyName":"%s","operator":"GT","value":"gold"}]}]}""".formatted(level));
        assertThat(fields(wrongOperator.json())).containsExactly("filterGroups[0].filters[0].operator");
    }

    @Test
    void aPersonalPropertyNeverReachesTheBrokerWhileOthersDo() {
        String passport = unique("passport");
        String segment = unique("segment");
        define("{\"name\":\"%s\",\"label\":\"Passport\",\"type\":\"STRING\",\"personalData\":true}"
                .formatted(passport));
        define("{\"name\":\"%s\",\"label\":\"Segment\",\"type\":\"STRING\"}".formatted(segment));
        String secret = "P" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String id = createCustomer("{\"%s\":\"%s\",\"%s\":\"retail\"}".formatted(passport, secret, segment));

        EventCapture.Received registered = events.await("crm.customer.registered", id);
        CustomerRegistered data = registered.data(CustomerRegistered.class);
        assertThat(data.customer().properties())
                .containsEntry(segment, "retail")
                .doesNotContainKey(passport);
        assertThat(new String(registered.event().getData().toBytes(), StandardCharsets.UTF_8))
                .doesNotContain(secret)
                .doesNotContain(passport);

        String newSecret = secret + "X";
        ApiResponse patched = writer.withHeader("If-Match", "\"1\"")
                .patch(
                        "/api/customers/" + id,
                        "{\"properties\":{\"%s\":\"%s\",\"%s\":\"b2b\"}}".formatted(passport, newSecret, segment));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        EventCapture.Received updated =
                events.awaitMatching(r -> r.event().getType().equals("crm.customer.updated")
                        && id.equals(r.event().getSubject()));
        CustomerUpdated changed = updated.data(CustomerUpdated.class);
        assertThat(changed.changedFields()).contains("properties");
        assertThat(changed.customer().properties())
                .containsEntry(segment, "b2b")
                .doesNotContainKey(passport);
        assertThat(new String(updated.event().getData().toBytes(), StandardCharsets.UTF_8))
                .doesNotContain(newSecret);
    }

    private String createTagged(String tag, String propertiesJson) {
        ApiResponse r = writer.post("/api/customers", """
                {"type":"PERSON","displayName":"Searchable","tags":["%s"],"properties":%s}""".formatted(tag, propertiesJson));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private JsonNode search(String body) {
        ApiResponse r = writer.post("/api/customers/search", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false)
                .map(e -> e.get("id").asString())
                .toList();
    }
}
