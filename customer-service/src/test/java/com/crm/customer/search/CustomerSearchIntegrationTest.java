package com.crm.customer.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * POST /api/customers/search against real PostgreSQL: every operator, OR of groups and AND within, free text (CJK
 * too), sorts paged with the cursor, the total, record-level access and every validation error naming its field.
 * Each test tags its customers and filters on the tag, so other tests' customers never show.
 */
@CrmServiceTest
class CustomerSearchIntegrationTest {

    private static final String SEARCH = "/api/customers/search";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient writer;
    private ApiClient reader;
    private String tag;

    @BeforeEach
    void clients() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        writer = base.withToken(TestTokens.withScopes("crm.read", "crm.write"));
        reader = base.withToken(TestTokens.withScopes("crm.read"));
        tag = "s-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String create(ApiClient as, String json) {
        ApiResponse created = as.post("/api/customers", json.replace("TAG", tag));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** What the projection of segmentation-service's CustomerValueScored would hold. */
    private void scored(String id, String tier, String clv, String stage, String churnRisk) {
        jdbc.sql("""
                        insert into projected_value (customer_id, tier, clv, tier_at, lifecycle_stage, stage_at,
                          churn_risk, scores_at) values (:id, :tier, :clv, now(), :stage, now(), :churn, now())""")
                .param("id", UUID.fromString(id))
                .param("tier", tier)
                .param("clv", clv == null ? null : new BigDecimal(clv))
                .param("stage", stage)
                .param("churn", churnRisk)
                .update();
    }

    private ApiResponse search(ApiClient as, String body) {
        return as.post(SEARCH, body.replace("TAG", tag));
    }

    private JsonNode found(ApiClient as, String body) {
        ApiResponse response = search(as, body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** The ids found by one filter (AND-ed with this test's tag), over all pages. */
    private Set<String> where(String filter) {
        JsonNode page = found(reader, """
                {"filterGroups":[{"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"},%s]}],"limit":200}""".formatted(filter));
        assertThat(page.get("nextCursor").isNull()).isTrue();
        Set<String> ids = ids(page);
        assertThat(page.get("total").asLong()).isEqualTo(ids.size());
        return ids;
    }

    private static List<String> inOrder(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(c -> ids.add(c.get("id").asString()));
        return ids;
    }

    private static Set<String> ids(JsonNode page) {
        Set<String> ids = new HashSet<>();
        page.get("items").forEach(c -> ids.add(c.get("id").asString()));
        return ids;
    }

    private record People(String wang, String anna, String globex, String zhang) {}

    private People people() {
        String wang = create(writer, """
                {"type":"PERSON","givenName":"小明","familyName":"王",
                 "emails":[{"address":"Xiaoming.Wang@Example.cn"}],"phones":[{"number":"+86 138 1234 5678"}],
                 "company":"Acme Trading","tags":["TAG","vip"],"birthday":"1990-05-01"}""");
        String anna = create(writer, """
                {"type":"PERSON","givenName":"Anna","familyName":"Schmidt","emails":[{"address":"anna@beispiel.de"}],
                 "company":"Beispiel GmbH","tags":["TAG"],"birthday":"1985-01-01"}""");
        String globex = create(writer, """
                {"type":"ORGANIZATION","displayName":"Globex","tags":["TAG","b2b"]}""");
        String zhang = create(writer, """
                {"type":"PERSON","givenName":"伟","familyName":"张","emails":[{"address":"zw@example.com"}],
                 "company":"ACME trading","tags":["TAG","vip","b2b"]}""");
        scored(wang, "S", "5000", "MATURE", "0.1000");
        scored(anna, "B", "300.5", "DECLINING", "0.6000");
        scored(zhang, "A", "1200", "GROWING", null);
        return new People(wang, anna, globex, zhang);
    }

    @Test
    void everyOperatorOnStringsNumbersDatesEnumsAndTags() {
        Instant before = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        People p = people();

        // strings: exact, except e-mails (case-insensitive) and phones (any dialable form)
        assertThat(where("{\"propertyName\":\"email\",\"operator\":\"EQ\",\"value\":\"XIAOMING.WANG@example.cn\"}"))
                .containsExactly(p.wang());
        assertThat(where("{\"propertyName\":\"company\",\"operator\":\"EQ\",\"value\":\"Acme Trading\"}"))
                .containsExactly(p.wang());
        assertThat(where("{\"propertyName\":\"company\",\"operator\":\"NEQ\",\"value\":\"Acme Trading\"}"))
                .as("NEQ never matches a customer without the property (Globex has no company)")
                .containsExactlyInAnyOrder(p.anna(), p.zhang());
        assertThat(where("{\"propertyName\":\"company\",\"operator\":\"CONTAINS_TOKEN\",\"value\":\"acme\"}"))
                .containsExactlyInAnyOrder(p.wang(), p.zhang());
        assertThat(
                        where(
                                "{\"propertyName\":\"displayName\",\"operator\":\"IN\",\"values\":[\"Anna Schmidt\",\"Globex\"]}"))
                .containsExactlyInAnyOrder(p.anna(), p.globex());
        assertThat(
                        where(
                                "{\"propertyName\":\"displayName\",\"operator\":\"NOT_IN\",\"values\":[\"Anna Schmidt\",\"Globex\"]}"))
                .containsExactlyInAnyOrder(p.wang(), p.zhang());
        assertThat(where("{\"propertyName\":\"email\",\"operator\":\"CONTAINS_TOKEN\",\"value\":\"BEISPIEL\"}"))
                .containsExactly(p.anna());
        assertThat(where("{\"propertyName\":\"email\",\"operator\":\"HAS_PROPERTY\"}"))
                .containsExactlyInAnyOrder(p.wang(), p.anna(), p.zhang());
        assertThat(where("{\"propertyName\":\"email\",\"operator\":\"NOT_HAS_PROPERTY\"}"))
                .containsExactly(p.globex());
        assertThat(where("{\"propertyName\":\"email\",\"operator\":\"NEQ\",\"value\":\"zw@example.com\"}"))
                .containsExactlyInAnyOrder(p.wang(), p.anna());
        assertThat(where("{\"propertyName\":\"phone\",\"operator\":\"EQ\",\"value\":\"+86 138-1234-5678\"}"))
                .containsExactly(p.wang());
        assertThat(where("{\"propertyName\":\"phone\",\"operator\":\"CONTAINS_TOKEN\",\"value\":\"1234 5678\"}"))
                .containsExactly(p.wang());
        assertThat(where("{\"propertyName\":\"company\",\"operator\":\"HAS_PROPERTY\"}"))
                .containsExactlyInAnyOrder(p.wang(), p.anna(), p.zhang());
        assertThat(where("{\"propertyName\":\"company\",\"operator\":\"NOT_HAS_PROPERTY\"}"))
                .containsExactly(p.globex());

        // numbers (value scores: null when not scored)
        assertThat(where("{\"propertyName\":\"clv\",\"operator\":\"EQ\",\"value\":1200}"))
                .containsExactly(p.zhang());
        assertThat(where("{\"propertyName\":\"clv\",\"operator\":\"NEQ\",\"value\":\"1200\"}"))
                .containsExactlyInAnyOrder(p.wang(), p.anna());
        assertThat(where("{\"propertyName\":\"clv\",\"operator\":\"LT\",\"value\":1200}"))
                .containsExactly(p.anna());
        assertThat(where("{\"propertyName\":\"clv\",\"operator\":\"LTE\",\"value\":1200}"))
                .containsExactlyInAnyOrder(p.anna(), p.zhang());
        assertThat(where("{\"propertyName\":\"clv\",\"operator\":\"GT\",\"value\":1200}"))
                .containsExactly(p.wang());
        assertThat(where("{\"propertyName\":\"clv\",\"operator\":\"GTE\",\"value\":1200.0}"))
                .containsExactlyInAnyOrder(p.wang(), p.zhang());
        assertThat(where("{\"propertyName\":\"clv\",\"operator\":\"BETWEEN\",\"value\":300.5,\"highValue\":\"1200\"}"))
                .containsExactlyInAnyOrder(p.anna(), p.zhang());
        assertThat(where("{\"propertyName\":\"clv\",\"operator\":\"IN\",\"values\":[5000,300.5,7]}"))
                .containsExactlyInAnyOrder(p.wang(), p.anna());
        assertThat(where("{\"propertyName\":\"clv\",\"operator\":\"NOT_IN\",\"values\":[5000]}"))
                .containsExactlyInAnyOrder(p.anna(), p.zhang());
        assertThat(where("{\"propertyName\":\"churnRisk\",\"operator\":\"GT\",\"value\":0.5}"))
                .containsExactly(p.anna());
        assertThat(where("{\"propertyName\":\"churnRisk\",\"operator\":\"HAS_PROPERTY\"}"))
                .containsExactlyInAnyOrder(p.wang(), p.anna());
        assertThat(where("{\"propertyName\":\"clv\",\"operator\":\"NOT_HAS_PROPERTY\"}"))
                .containsExactly(p.globex());

        // dates and date-times
        assertThat(where("{\"propertyName\":\"birthday\",\"operator\":\"BETWEEN\",\"value\":\"1980-01-01\","
                        + "\"highValue\":\"1989-12-31\"}"))
                .containsExactly(p.anna());
        assertThat(where("{\"propertyName\":\"birthday\",\"operator\":\"EQ\",\"value\":\"1990-05-01\"}"))
                .containsExactly(p.wang());
        assertThat(where("{\"propertyName\":\"birthday\",\"operator\":\"GT\",\"value\":\"1985-01-01\"}"))
                .containsExactly(p.wang());
        assertThat(where("{\"propertyName\":\"birthday\",\"operator\":\"NOT_HAS_PROPERTY\"}"))
                .containsExactlyInAnyOrder(p.globex(), p.zhang());
        assertThat(where("{\"propertyName\":\"createdAt\",\"operator\":\"GTE\",\"value\":\"" + before + "\"}"))
                .containsExactlyInAnyOrder(p.wang(), p.anna(), p.globex(), p.zhang());
        assertThat(where("{\"propertyName\":\"createdAt\",\"operator\":\"LT\",\"value\":\"" + before + "\"}"))
                .isEmpty();
        assertThat(
                        where(
                                "{\"propertyName\":\"updatedAt\",\"operator\":\"LTE\",\"value\":\"2999-01-01T00:00:00+08:00\"}"))
                .hasSize(4);

        // enums
        assertThat(where("{\"propertyName\":\"type\",\"operator\":\"EQ\",\"value\":\"ORGANIZATION\"}"))
                .containsExactly(p.globex());
        assertThat(where("{\"propertyName\":\"tier\",\"operator\":\"NOT_IN\",\"values\":[\"S\"]}"))
                .containsExactlyInAnyOrder(p.anna(), p.zhang());
        assertThat(where("{\"propertyName\":\"tier\",\"operator\":\"NEQ\",\"value\":\"B\"}"))
                .containsExactlyInAnyOrder(p.wang(), p.zhang());
        assertThat(where("{\"propertyName\":\"tier\",\"operator\":\"HAS_PROPERTY\"}"))
                .containsExactlyInAnyOrder(p.wang(), p.anna(), p.zhang());
        assertThat(where("{\"propertyName\":\"tier\",\"operator\":\"NOT_HAS_PROPERTY\"}"))
                .containsExactly(p.globex());
        assertThat(
                        where(
                                "{\"propertyName\":\"lifecycleStage\",\"operator\":\"IN\",\"values\":[\"DECLINING\",\"GROWING\"]}"))
                .containsExactlyInAnyOrder(p.anna(), p.zhang());

        // tags
        assertThat(where("{\"propertyName\":\"tags\",\"operator\":\"CONTAINS_TOKEN\",\"value\":\"vip\"}"))
                .containsExactlyInAnyOrder(p.wang(), p.zhang());
        assertThat(where("{\"propertyName\":\"tags\",\"operator\":\"NEQ\",\"value\":\"vip\"}"))
                .containsExactlyInAnyOrder(p.anna(), p.globex());
        assertThat(where("{\"propertyName\":\"tags\",\"operator\":\"IN\",\"values\":[\"b2b\",\"nope\"]}"))
                .containsExactlyInAnyOrder(p.globex(), p.zhang());
        assertThat(where("{\"propertyName\":\"tags\",\"operator\":\"NOT_IN\",\"values\":[\"b2b\",\"vip\"]}"))
                .containsExactly(p.anna());
        assertThat(where("{\"propertyName\":\"tags\",\"operator\":\"HAS_PROPERTY\"}"))
                .hasSize(4);
        assertThat(where("{\"propertyName\":\"tags\",\"operator\":\"NOT_HAS_PROPERTY\"}"))
                .isEmpty();

        // a found customer carries its value scores
        JsonNode page = found(reader, """
                {"filterGroups":[{"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"},
                  {"propertyName":"tier","operator":"EQ","value":"B"}]}]}""");
        assertThat(page.at("/items/0/displayName").asString()).isEqualTo("Anna Schmidt");
        assertThat(page.at("/items/0/value/tier").asString()).isEqualTo("B");
        assertThat(page.at("/items/0/value/clv").asString()).isEqualTo("300.5");
        assertThat(page.at("/items/0/value/churnRisk").asString()).isEqualTo("0.6");
        assertThat(page.at("/items/0/value/lifecycleStage").asString()).isEqualTo("DECLINING");
    }

    @Test
    void groupsAreOrEdAndTheFiltersOfAGroupAndEd() {
        People p = people();
        JsonNode either = found(reader, """
                {"filterGroups":[
                  {"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"},
                              {"propertyName":"company","operator":"CONTAINS_TOKEN","value":"acme"},
                              {"propertyName":"tier","operator":"EQ","value":"A"}]},
                  {"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"},
                              {"propertyName":"type","operator":"EQ","value":"ORGANIZATION"}]}]}""");
        assertThat(ids(either)).containsExactlyInAnyOrder(p.zhang(), p.globex());
        assertThat(either.get("total").asLong()).isEqualTo(2);

        JsonNode both = found(reader, """
                {"filterGroups":[{"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"},
                  {"propertyName":"company","operator":"CONTAINS_TOKEN","value":"acme"},
                  {"propertyName":"familyName","operator":"EQ","value":"王"}]}]}""");
        assertThat(ids(both)).containsExactly(p.wang());
    }

    @Test
    void aCustomerInSeveralGroupsCountsOnceAndTheTotalIsExact() {
        People p = people();
        String body = """
                {"filterGroups":[
                  {"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"},
                              {"propertyName":"tags","operator":"EQ","value":"vip"}]},
                  {"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"},
                              {"propertyName":"tags","operator":"EQ","value":"b2b"}]}],
                 "sorts":[{"propertyName":"clv","direction":"DESCENDING"}],"limit":1}""";
        JsonNode first = found(reader, body);
        assertThat(first.get("total").asLong()).as("Zhang is in both groups").isEqualTo(3);
        assertThat(first.get("totalIsExact").asBoolean()).isTrue();
        assertThat(ids(first)).containsExactly(p.wang());
        JsonNode second = found(
                reader,
                body.replace(
                        "\"limit\":1",
                        "\"limit\":1,\"after\":\"" + first.get("nextCursor").asString() + "\""));
        assertThat(second.get("total").asLong()).isEqualTo(3);
        assertThat(ids(second)).containsExactly(p.zhang());
    }

    @Test
    void eMailsAskedForAreFoundFirstThenSortedAndPaged() {
        People p = people();
        String body = """
                {"filterGroups":[{"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"},
                   {"propertyName":"email","operator":"IN",
                   "values":["xiaoming.wang@example.cn","ZW@example.com","anna@beispiel.de"]}]}],
                 "sorts":[{"propertyName":"clv","direction":"ASCENDING"}],"limit":2}""";
        JsonNode first = found(reader, body);
        assertThat(ids(first)).containsExactlyInAnyOrder(p.anna(), p.zhang());
        assertThat(first.at("/items/0/id").asString()).isEqualTo(p.anna());
        assertThat(first.get("total").asLong()).isEqualTo(3);
        JsonNode second = found(
                reader,
                body.replace(
                        "\"limit\":2",
                        "\"limit\":2,\"after\":\"" + first.get("nextCursor").asString() + "\""));
        assertThat(ids(second)).containsExactly(p.wang());
        assertThat(second.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void theTotalStopsAtTenThousandAndSaysItIsALowerBound() {
        // set-based: ten thousand customers through the API would take minutes
        int inserted = jdbc.sql("""
                        insert into customer (id, type, display_name, tags, created_at, updated_at, version, status)
                        select gen_random_uuid(), 'PERSON', 'Many ' || i, array[:tag], now(), now(), 1, 'ACTIVE'
                        from generate_series(1, 10001) i""").param("tag", tag).update();
        assertThat(inserted).isEqualTo(10_001);
        try {
            String tagged = """
                    {"filterGroups":[{"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"}]}],"limit":3}""";
            JsonNode over = found(reader, tagged);
            assertThat(over.get("total").asLong()).isEqualTo(10_000);
            assertThat(over.get("totalIsExact").asBoolean()).isFalse();
            assertThat(over.get("items").size()).isEqualTo(3);

            JsonNode twoGroups = found(reader, """
                    {"filterGroups":[
                      {"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"},
                                  {"propertyName":"displayName","operator":"EQ","value":"Many 1"}]},
                      {"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"}]}],"limit":3}""");
            assertThat(twoGroups.get("total").asLong()).isEqualTo(10_000);
            assertThat(twoGroups.get("totalIsExact").asBoolean()).isFalse();

            // free text finds its matches first: too many, so it walks the sort order instead
            String byText = """
                    {"query":"MANY","filterGroups":[{"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"}]}],
                     "sorts":[{"propertyName":"displayName","direction":"DESCENDING"}],"limit":3}""";
            JsonNode text = found(reader, byText);
            assertThat(text.get("total").asLong()).isEqualTo(10_000);
            assertThat(text.get("totalIsExact").asBoolean()).isFalse();
            assertThat(displayNames(text)).containsExactly("Many 9999", "Many 9998", "Many 9997");

            jdbc.sql(
                            "update customer set deleted_at = now(), status = 'DELETED' where display_name = 'Many 1' and :tag = any(tags)")
                    .param("tag", tag)
                    .update();
            JsonNode exactly = found(reader, tagged);
            assertThat(exactly.get("total").asLong())
                    .as("one fewer: exactly ten thousand")
                    .isEqualTo(10_000);
            assertThat(exactly.get("totalIsExact").asBoolean()).isTrue();
            JsonNode textExactly = found(reader, byText);
            assertThat(textExactly.get("total").asLong()).isEqualTo(10_000);
            assertThat(textExactly.get("totalIsExact").asBoolean()).isTrue();
            assertThat(displayNames(textExactly)).containsExactly("Many 9999", "Many 9998", "Many 9997");
            JsonNode next = found(
                    reader,
                    byText.replace(
                            "\"limit\":3",
                            "\"limit\":3,\"after\":\""
                                    + textExactly.get("nextCursor").asString() + "\""));
            assertThat(displayNames(next)).containsExactly("Many 9996", "Many 9995", "Many 9994");
            assertThat(next.get("total").asLong()).isEqualTo(10_000);
        } finally {
            jdbc.sql("delete from customer where :tag = any(tags)")
                    .param("tag", tag)
                    .update();
        }
    }

    private static List<String> displayNames(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(c -> names.add(c.get("displayName").asString()));
        return names;
    }

    private Set<String> query(String text) {
        return ids(found(reader, """
                {"query":"%s","filterGroups":[{"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"}]}]}""".formatted(text)));
    }

    @Test
    void freeTextFindsAPartOfANameAnEmailAPhoneOrACompany() {
        People p = people();
        assertThat(query("小明")).as("a part of a Chinese name").containsExactly(p.wang());
        assertThat(query("王小")).containsExactly(p.wang());
        assertThat(query("张")).containsExactly(p.zhang());
        assertThat(query("EXAMPLE.")).as("an e-mail fragment").containsExactlyInAnyOrder(p.wang(), p.zhang());
        assertThat(query("anna@beisp")).containsExactly(p.anna());
        assertThat(query("schmi")).containsExactly(p.anna());
        assertThat(query("acme TRADING")).as("a company").containsExactlyInAnyOrder(p.wang(), p.zhang());
        assertThat(query("1234 5678")).as("a phone's digits").containsExactly(p.wang());
        assertThat(query("138-1234")).containsExactly(p.wang());
        assertThat(query("8613812345678")).containsExactly(p.wang());
        assertThat(query("明王"))
                .as("two CJK characters found by their pair, not each alone")
                .isEmpty();
        assertThat(query("王 ACME")).as("CJK beside Latin").containsExactly(p.wang());
        assertThat(query("王小明 小明")).containsExactly(p.wang());
        assertThat(query("100%")).as("wildcards are literal").isEmpty();
        assertThat(query("_")).isEmpty();
        assertThat(query("nobody-like-this")).isEmpty();
    }

    @Test
    void sortsPageWithTheCursorWithoutDuplicatesOrGaps() {
        List<String> ids = new ArrayList<>();
        Map<String, BigDecimal> clv = new LinkedHashMap<>();
        for (int i = 0; i < 23; i++) {
            String id = create(writer, "{\"type\":\"PERSON\",\"givenName\":\"P" + (i % 5) + "\",\"tags\":[\"TAG\"]}");
            ids.add(id);
            // duplicates and gaps: ties by id; the unscored come last
            BigDecimal value = i % 4 == 3 ? null : new BigDecimal((i % 6) * 100);
            clv.put(id, value);
            if (value != null) {
                scored(id, "B", value.toPlainString(), "NEW", null);
            }
        }
        Comparator<String> byId = Comparator.naturalOrder();
        Comparator<String> byClvDesc = Comparator.comparing(
                        (String id) -> clv.get(id), Comparator.nullsLast(Comparator.<BigDecimal>reverseOrder()))
                .thenComparing(byId);
        List<String> expected = ids.stream().sorted(byClvDesc).toList();
        assertThat(pages("[{\"propertyName\":\"clv\",\"direction\":\"DESCENDING\"}]", 4))
                .isEqualTo(expected);

        assertThat(pages(null, 5))
                .as("without sorts: by id")
                .isEqualTo(ids.stream().sorted(byId).toList());

        // two sorts: the name (P0..P4) ascending, then clv ascending (nulls still last)
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            names.put(ids.get(i), "P" + (i % 5));
        }
        Comparator<String> byNameThenClv = Comparator.comparing((String id) -> names.get(id))
                .thenComparing(id -> clv.get(id), Comparator.nullsLast(Comparator.<BigDecimal>naturalOrder()))
                .thenComparing(byId);
        assertThat(pages("[{\"propertyName\":\"displayName\",\"direction\":\"ASC\"},{\"propertyName\":\"clv\"}]", 3))
                .isEqualTo(ids.stream().sorted(byNameThenClv).toList());

        // a cursor continues only the order it was issued for
        JsonNode first = found(reader, request("[{\"propertyName\":\"clv\",\"direction\":\"DESC\"}]", 4, null));
        ApiResponse otherOrder = search(
                reader,
                request(
                        "[{\"propertyName\":\"clv\"}]",
                        4,
                        first.get("nextCursor").asString()));
        assertThat(otherOrder.status()).isEqualTo(400);
        assertThat(otherOrder.json().at("/errors/0/field").asString()).isEqualTo("after");
        assertThat(otherOrder.json().at("/errors/0/code").asString()).isEqualTo("invalid-cursor");
    }

    private String request(String sorts, int limit, String after) {
        return """
                {"filterGroups":[{"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"}]}],
                 "sorts":%s,"limit":%d,"after":%s}""".formatted(sorts, limit, after == null ? "null" : "\"" + after + "\"");
    }

    /** Every id over all pages, checking each page's size and total. */
    private List<String> pages(String sorts, int limit) {
        List<String> all = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode page = found(reader, request(sorts, limit, after));
            assertThat(page.get("total").asLong()).isEqualTo(23);
            page.get("items").forEach(c -> all.add(c.get("id").asString()));
            after = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            assertThat(page.get("items").size()).isEqualTo(after == null ? 23 - limit * pages : limit);
            pages++;
        } while (after != null && pages < 50);
        assertThat(pages).isGreaterThan(2);
        assertThat(new HashSet<>(all)).as("no duplicates").hasSameSizeAs(all);
        return all;
    }

    @Test
    void resultsAndTotalStayWithinTheCallersVisibility() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        ApiClient alice = base.withToken(TestTokens.forUser("alice", "agent", "north", "crm.read", "crm.write"));
        ApiClient bob = base.withToken(TestTokens.forUser("bob", "agent", "south", "crm.read", "crm.write"));
        ApiClient maria = base.withToken(TestTokens.forUser("maria", "manager", "north", "crm.read"));
        ApiClient erp = base.withToken(TestTokens.forClient("crm-erp-integrator", "crm.read", "crm.write"));
        String a1 = create(alice, "{\"type\":\"PERSON\",\"givenName\":\"Vis A1\",\"tags\":[\"TAG\"]}");
        String a2 = create(alice, "{\"type\":\"PERSON\",\"givenName\":\"Vis A2\",\"tags\":[\"TAG\"]}");
        String b1 = create(bob, "{\"type\":\"PERSON\",\"givenName\":\"Vis B1\",\"tags\":[\"TAG\"]}");
        String u1 = create(erp, "{\"type\":\"PERSON\",\"givenName\":\"Vis U1\",\"tags\":[\"TAG\"]}");
        String all = """
                {"query":"vis","filterGroups":[{"filters":[{"propertyName":"tags","operator":"EQ","value":"TAG"}]}],
                 "limit":1}""";

        JsonNode byAlice = found(alice, all);
        assertThat(byAlice.get("total").asLong()).isEqualTo(2);
        assertThat(ids(byAlice)).isSubsetOf(a1, a2);
        JsonNode second = found(
                alice,
                all.replace(
                        "\"limit\":1",
                        "\"limit\":1,\"after\":\"" + byAlice.get("nextCursor").asString() + "\""));
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(ids(second)).isSubsetOf(a1, a2).doesNotContainAnyElementsOf(ids(byAlice));

        assertThat(found(bob, all).get("total").asLong()).isEqualTo(1);
        assertThat(ids(found(bob, all.replace("\"limit\":1", "\"limit\":10")))).containsExactly(b1);
        JsonNode byMaria = found(maria, all.replace("\"limit\":1", "\"limit\":10"));
        assertThat(ids(byMaria)).as("north's and the unassigned").containsExactlyInAnyOrder(a1, a2, u1);
        assertThat(byMaria.get("total").asLong()).isEqualTo(3);
        JsonNode byErp = found(erp, all.replace("\"limit\":1", "\"limit\":10"));
        assertThat(ids(byErp)).containsExactlyInAnyOrder(a1, a2, b1, u1);
        assertThat(byErp.get("total").asLong()).isEqualTo(4);
    }

    /**
     * A search by the value scores alone is answered from the projection, which keeps a copy of each customer's
     * liveness, owner and team (V32): the copy follows every change of the customer, and a score projected before
     * its customer exists is found once the customer is.
     */
    @Test
    void aSearchByTheScoresAloneSeesLivenessOwnerAndTeamAsTheCustomerHasThem() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        ApiClient alice = base.withToken(TestTokens.forUser("alice", "agent", "north", "crm.read", "crm.write"));
        ApiClient bob = base.withToken(TestTokens.forUser("bob", "agent", "south", "crm.read", "crm.write"));
        ApiClient maria = base.withToken(TestTokens.forUser("maria", "manager", "north", "crm.read"));
        ApiClient erp = base.withToken(TestTokens.forClient("crm-erp-integrator", "crm.read", "crm.write"));
        // a CLV no other test's customer has: the search needs no filter on the customer's own columns
        String clv = "7" + (System.nanoTime() % 1_000_000_000L) + ".25";
        String a1 = create(alice, "{\"type\":\"PERSON\",\"givenName\":\"Score A1\"}");
        String b1 = create(bob, "{\"type\":\"PERSON\",\"givenName\":\"Score B1\"}");
        String u1 = create(erp, "{\"type\":\"PERSON\",\"givenName\":\"Score U1\"}");
        scored(a1, "S", clv, "MATURE", "0.9500");
        scored(b1, "A", clv, "GROWING", "0.9600");
        scored(u1, "A", clv, "NEW", "0.9700");
        String early = UUID.randomUUID().toString();
        scored(early, "S", clv, "NEW", "0.9800");
        String body = """
                {"filterGroups":[{"filters":[{"propertyName":"clv","operator":"EQ","value":"%s"},
                                             {"propertyName":"tier","operator":"IN","values":["S","A"]}]},
                                 {"filters":[{"propertyName":"clv","operator":"EQ","value":"%s"},
                                             {"propertyName":"churnRisk","operator":"GT","value":0.9}]}],
                 "sorts":[{"propertyName":"churnRisk","direction":"DESCENDING"}],"limit":10}""".formatted(clv, clv);

        JsonNode byErp = found(erp, body);
        assertThat(inOrder(byErp))
                .as("a score without its customer is not found")
                .containsExactly(u1, b1, a1);
        assertThat(byErp.get("total").asLong()).isEqualTo(3);
        assertThat(inOrder(found(alice, body))).containsExactly(a1);
        assertThat(inOrder(found(bob, body))).containsExactly(b1);
        JsonNode byMaria = found(maria, body);
        assertThat(inOrder(byMaria)).as("north's and the unassigned").containsExactly(u1, a1);
        assertThat(byMaria.get("total").asLong()).isEqualTo(2);

        assertThat(alice.delete("/api/customers/" + a1).status()).isEqualTo(204);
        jdbc.sql("update customer set owner_id = 'alice', team_id = 'north' where id = :id")
                .param("id", UUID.fromString(b1))
                .update();
        jdbc.sql("""
                        insert into customer (id, type, display_name, created_at, updated_at, version, team_id)
                        values (:id, 'PERSON', 'Score Early', now(), now(), 1, 'south')""").param("id", UUID.fromString(early)).update();

        JsonNode afterwards = found(erp, body);
        assertThat(inOrder(afterwards))
                .as("deleted: gone; projected before created: found")
                .containsExactly(early, u1, b1);
        assertThat(afterwards.get("total").asLong()).isEqualTo(3);
        assertThat(inOrder(found(alice, body))).as("b1 is alice's now").containsExactly(b1);
        assertThat(inOrder(found(bob, body))).isEmpty();
        assertThat(inOrder(found(maria, body))).containsExactly(u1, b1);
        assertThat(found(maria, body).get("total").asLong()).isEqualTo(2);
    }

    @Test
    void searchingNeedsCrmReadOnly() {
        assertThat(search(reader, "{}").status()).as("a POST that only reads").isEqualTo(200);
        ApiResponse writeOnly =
                search(ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.write")), "{}");
        assertThat(writeOnly.status()).isEqualTo(403);
        assertThat(ApiClient.of("http://localhost:" + port).post(SEARCH, "{}").status())
                .isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentDescribesTheSearchItsLimitsAndItsAnswers() {
        ApiResponse docs = ApiClient.of("http://localhost:" + port).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode search = docs.json().at("/paths/~1api~1customers~1search/post");
        assertThat(search.get("operationId").asString()).isEqualTo("customerSearchRun");
        assertThat(search.get("description").asString())
                .contains("crm.read", "at most 5 groups", "6 filters in a group", "18 filters in all", "1 to 100")
                .contains("256 characters", "at most 200 characters", "0 to 2", "1 to 200, default 10");
        assertThat(search.at("/responses/200/content/application~1json/schema/$ref")
                        .asString())
                .endsWith("CustomerSearchPage");
        assertThat(search.at("/responses/400/content").has("application/problem+json"))
                .isTrue();
        JsonNode hit = docs.json().at("/components/schemas/CustomerSearchHit/properties");
        assertThat(hit.has("displayName"))
                .as("the customer's own fields, unwrapped")
                .isTrue();
        assertThat(hit.has("value")).isTrue();
    }

    /** The single error of a refused search: its field and code. */
    private String refused(String body) {
        ApiResponse response = search(reader, body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return errors(response.json());
    }

    private static String filter(String f) {
        return "{\"filterGroups\":[{\"filters\":[" + f + "]}]}";
    }

    private static String errors(JsonNode problem) {
        List<String> errors = new ArrayList<>();
        problem.get("errors")
                .forEach(e -> errors.add(
                        e.get("field").asString() + " " + e.get("code").asString()));
        return String.join("; ", errors);
    }

    @Test
    void everyFaultIsA400NamingItsField() {
        String any = "{\"propertyName\":\"company\",\"operator\":\"HAS_PROPERTY\"}";
        String group = "{\"filters\":[" + any + "]}";
        assertThat(refused("{\"filterGroups\":[" + String.join(",", Collections.nCopies(6, group)) + "]}"))
                .isEqualTo("filterGroups too-many");
        assertThat(refused(filter(String.join(",", Collections.nCopies(7, any)))))
                .isEqualTo("filterGroups[0].filters too-many");
        String five = "{\"filters\":[" + String.join(",", Collections.nCopies(5, any)) + "]}";
        assertThat(refused("{\"filterGroups\":[" + five + "," + five + "," + five + "," + five + "]}"))
                .as("19 filters in all")
                .isEqualTo("filterGroups too-many");
        assertThat(refused("{\"filterGroups\":[{\"filters\":[]}]}")).isEqualTo("filterGroups[0].filters too-few");
        assertThat(refused("{\"filterGroups\":[{\"filters\":null}]}")).isEqualTo("filterGroups[0].filters too-few");
        assertThat(refused("{\"filterGroups\":[null]}")).isEqualTo("filterGroups[0] required");
        assertThat(refused(filter("null"))).isEqualTo("filterGroups[0].filters[0] required");

        assertThat(refused(filter("{\"propertyName\":\"shoeSize\",\"operator\":\"EQ\",\"value\":\"42\"}")))
                .isEqualTo("filterGroups[0].filters[0].propertyName unknown-field");
        assertThat(refused(filter("{\"operator\":\"EQ\",\"value\":\"42\"}")))
                .isEqualTo("filterGroups[0].filters[0].propertyName required");
        assertThat(refused("{\"filterGroups\":[" + group
                        + ",{\"filters\":[{\"propertyName\":\"company\",\"operator\":\"LT\",\"value\":\"x\"}]}]}"))
                .as("an operator the property's type does not have")
                .isEqualTo("filterGroups[1].filters[0].operator invalid-value");
        assertThat(refused(filter("{\"propertyName\":\"company\",\"operator\":\"LIKE\",\"value\":\"x\"}")))
                .isEqualTo("filterGroups[0].filters[0].operator invalid-value");
        assertThat(refused(filter("{\"propertyName\":\"company\",\"value\":\"x\"}")))
                .isEqualTo("filterGroups[0].filters[0].operator required");
        assertThat(refused(filter("{\"propertyName\":\"company\",\"operator\":\"EQ\"}")))
                .isEqualTo("filterGroups[0].filters[0].value required");
        assertThat(refused(filter("{\"propertyName\":\"company\",\"operator\":\"EQ\",\"value\":null}")))
                .isEqualTo("filterGroups[0].filters[0].value required");
        assertThat(refused(filter("{\"propertyName\":\"company\",\"operator\":\"IN\",\"value\":\"x\"}")))
                .isEqualTo("filterGroups[0].filters[0].values required");
        assertThat(refused(filter("{\"propertyName\":\"company\",\"operator\":\"IN\",\"values\":[]}")))
                .isEqualTo("filterGroups[0].filters[0].values too-few");
        String many = IntStream.range(0, 101).mapToObj(i -> "\"v" + i + "\"").collect(Collectors.joining(","));
        assertThat(refused(filter("{\"propertyName\":\"company\",\"operator\":\"IN\",\"values\":[" + many + "]}")))
                .isEqualTo("filterGroups[0].filters[0].values too-many");
        assertThat(refused(filter("{\"propertyName\":\"company\",\"operator\":\"IN\",\"values\":[\"a\",null]}")))
                .isEqualTo("filterGroups[0].filters[0].values[1] required");
        assertThat(refused(filter("{\"propertyName\":\"clv\",\"operator\":\"BETWEEN\",\"value\":1}")))
                .isEqualTo("filterGroups[0].filters[0].highValue required");
        assertThat(refused(filter("{\"propertyName\":\"clv\",\"operator\":\"BETWEEN\",\"value\":2,\"highValue\":1}")))
                .isEqualTo("filterGroups[0].filters[0].highValue empty-range");
        assertThat(refused(filter("{\"propertyName\":\"birthday\",\"operator\":\"EQ\",\"value\":19900501}")))
                .as("a number for a date")
                .isEqualTo("filterGroups[0].filters[0].value type-mismatch");
        assertThat(refused(filter("{\"propertyName\":\"createdAt\",\"operator\":\"GT\",\"value\":\"yesterday\"}")))
                .isEqualTo("filterGroups[0].filters[0].value invalid-format");
        assertThat(refused(filter(
                        "{\"propertyName\":\"createdAt\",\"operator\":\"GT\",\"value\":\"+99999-01-01T00:00:00Z\"}")))
                .isEqualTo("filterGroups[0].filters[0].value out-of-range");
        assertThat(refused(filter("{\"propertyName\":\"tier\",\"operator\":\"EQ\",\"value\":\"X\"}")))
                .as("an unknown enum value")
                .isEqualTo("filterGroups[0].filters[0].value invalid-value");
        assertThat(refused(filter("{\"propertyName\":\"clv\",\"operator\":\"GT\",\"value\":\"lots\"}")))
                .isEqualTo("filterGroups[0].filters[0].value invalid-format");
        assertThat(refused(filter("{\"propertyName\":\"clv\",\"operator\":\"GT\",\"value\":true}")))
                .isEqualTo("filterGroups[0].filters[0].value type-mismatch");
        assertThat(refused(filter("{\"propertyName\":\"clv\",\"operator\":\"GT\",\"value\":1e999999}")))
                .isEqualTo("filterGroups[0].filters[0].value out-of-range");
        assertThat(refused(filter("{\"propertyName\":\"company\",\"operator\":\"EQ\",\"value\":{\"a\":1}}")))
                .isEqualTo("filterGroups[0].filters[0].value type-mismatch");
        assertThat(refused(filter(
                        "{\"propertyName\":\"company\",\"operator\":\"EQ\",\"value\":\"" + "x".repeat(257) + "\"}")))
                .isEqualTo("filterGroups[0].filters[0].value too-long");
        assertThat(refused(filter("{\"propertyName\":\"phone\",\"operator\":\"EQ\",\"value\":\"call me\"}")))
                .isEqualTo("filterGroups[0].filters[0].value invalid-phone");
        assertThat(refused(filter("{\"propertyName\":\"company\",\"operator\":\"EQ\",\"value\":\"a\\u0000b\"}")))
                .isEqualTo("filterGroups[0].filters[0].value invalid-character");

        assertThat(refused("{\"query\":\"" + "q".repeat(201) + "\"}")).isEqualTo("query too-long");
        assertThat(
                        refused(
                                "{\"sorts\":[{\"propertyName\":\"clv\"},{\"propertyName\":\"tier\"},{\"propertyName\":\"type\"}]}"))
                .isEqualTo("sorts too-many");
        assertThat(refused("{\"sorts\":[{\"propertyName\":\"email\"}]}"))
                .isEqualTo("sorts[0].propertyName invalid-value");
        assertThat(refused("{\"sorts\":[{\"propertyName\":\"nope\"}]}"))
                .isEqualTo("sorts[0].propertyName unknown-field");
        assertThat(refused("{\"sorts\":[{\"propertyName\":\"clv\",\"direction\":\"UP\"}]}"))
                .isEqualTo("sorts[0].direction invalid-value");
        assertThat(refused("{\"sorts\":[{\"propertyName\":\"clv\"},{\"propertyName\":\"clv\"}]}"))
                .isEqualTo("sorts[1].propertyName duplicate");
        assertThat(refused("{\"limit\":0}")).isEqualTo("limit out-of-range");
        assertThat(refused("{\"limit\":201}")).isEqualTo("limit out-of-range");
        assertThat(refused("{\"after\":\"not-a-cursor\"}")).isEqualTo("after invalid-cursor");
        assertThat(refused("{\"after\":\"eyJzIjoiIiwidiI6W10sImlkIjoiMSJ9\"}")).isEqualTo("after invalid-cursor");

        // wrong JSON types where the request's shape is fixed
        assertThat(refused("{\"filterGroups\":\"all\"}")).startsWith("filterGroups");
        assertThat(refused("{\"limit\":\"ten\"}")).startsWith("limit");
        assertThat(refused("{\"filterGroups\":[{\"filters\":[{\"propertyName\":[1]}]}]}"))
                .startsWith("filterGroups[0].filters[0].propertyName");
        assertThat(search(reader, "{\"surprise\":1}").status()).isEqualTo(400);
        assertThat(search(reader, "null").status()).isEqualTo(400);
        assertThat(search(reader, "[").status()).isEqualTo(400);

        // every fault of a request at once
        assertThat(refused("{\"limit\":0,\"query\":\"" + "q".repeat(201) + "\",\"filterGroups\":[{\"filters\":["
                        + "{\"propertyName\":\"nope\",\"operator\":\"EQ\",\"value\":1},"
                        + "{\"propertyName\":\"tier\",\"operator\":\"GT\",\"value\":\"S\"}]}]}"))
                .isEqualTo("filterGroups[0].filters[0].propertyName unknown-field; "
                        + "filterGroups[0].filters[1].operator invalid-value; query too-long; limit out-of-range");
    }
}
