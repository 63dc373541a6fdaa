package com.crm.interaction.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.interaction.InteractionRecorded;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
class InteractionApiIntegrationTest {

    @RegisterExtension
    static final EventCapture events = EventCapture.of(Topics.INTERACTION);

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

    @Test
    void recordsAnInboundInquiryFlagsItsPurchaseIntentAndPublishesTheRecordedEvent() {
        UUID customer = UUID.randomUUID();
        ApiResponse created = writer.post("/api/interactions", """
                {"customerId":"%s","channel":"WECHAT","direction":"INBOUND","type":"INQUIRY",
                 "occurredAt":"2026-11-01T08:30:00Z","durationSeconds":240,"agentId":"agent-7",
                 "subject":"问价格","notes":"想买两台","outcome":"PURCHASE_INTENT","campaignId":"double-11"}""".formatted(customer));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/interactions/" + id);
        assertThat(body.get("purchaseIntent").asBoolean()).isTrue();
        assertThat(body.get("purpose").asString()).isEqualTo("SERVICE");
        assertThat(body.get("source").asString()).isEqualTo("api");

        ApiResponse read = reader.get("/api/interactions/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("notes").asString()).isEqualTo("想买两台");

        EventCapture.Received event = events.await("crm.interaction.recorded", customer.toString());
        assertThat(event.key()).isEqualTo(customer.toString());
        InteractionRecorded data = event.data(InteractionRecorded.class);
        assertThat(data.interactionId()).hasToString(id);
        assertThat(data.purchaseIntent()).isTrue();
        assertThat(data.channel()).isEqualTo("WECHAT");
        assertThat(data.occurredAt()).isEqualTo(Instant.parse("2026-11-01T08:30:00Z"));

        ApiResponse signals = reader.get("/api/interactions?purchaseIntent=true&customerId=" + customer);
        assertThat(signals.json().get("items")).hasSize(1);
    }

    @Test
    void resendingTheSameSourceAndExternalIdReturnsTheFirstInteractionAndPublishesNothingNew() {
        UUID customer = UUID.randomUUID();
        String json = """
                {"customerId":"%s","channel":"PHONE","direction":"INBOUND","type":"SERVICE","source":"callcentre-sh",
                 "externalId":"CALL-1001","occurredAt":"2026-10-01T02:00:00Z","outcome":"RESOLVED"}""".formatted(customer);
        ApiResponse first = writer.post("/api/interactions", json);
        ApiResponse again = writer.post("/api/interactions", json);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());
        assertThat(jdbc.sql("select count(*) from crm_outbox where message_key = :key"
                                + " and event_type = 'crm.interaction.recorded'")
                        .param("key", customer.toString())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from interaction where customer_id = :id")
                        .param("id", customer)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswerWithoutRecordingTwice() {
        UUID customer = UUID.randomUUID();
        String json = """
                {"customerId":"%s","channel":"WEB_CHAT","direction":"INBOUND","type":"INQUIRY"}""".formatted(customer);
        ApiClient keyed = writer.withHeader("Idempotency-Key", "chat-" + customer);
        ApiResponse first = keyed.post("/api/interactions", json);
        ApiResponse retry = keyed.post("/api/interactions", json);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());
        assertThat(jdbc.sql("select count(*) from interaction where customer_id = :id")
                        .param("id", customer)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aBatchAnswersPerItemInRequestOrderNamingEveryProblemAndOneBadItemSinksNoOther() {
        UUID customer = UUID.randomUUID();
        ApiResponse response = writer.post("/api/interactions/batch", """
                {"items":[
                  {"customerId":"%1$s","channel":"PHONE","direction":"INBOUND","type":"INQUIRY","source":"cc",
                   "externalId":"B-1","occurredAt":"2026-09-01T01:00:00Z"},
                  {"customerId":"%1$s","channel":"FAX","direction":"INBOUND","type":"INQUIRY","source":"cc",
                   "externalId":"B-2"},
                  {"channel":"EMAIL","type":"INQUIRY","durationSeconds":-5,"source":"cc","externalId":"B-3"},
                  {"customerId":"%1$s","channel":"PHONE","direction":"INBOUND","type":"INQUIRY","source":"cc",
                   "externalId":"B-1","occurredAt":"2026-09-01T01:00:00Z"},
                  {"customerId":"%1$s","channel":"SMS","direction":"INBOUND","type":"SERVICE","source":"cc",
                   "externalId":"B-5","occurredAt":"2026-09-02T01:00:00Z"}
                ]}""".formatted(customer));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        JsonNode results = body.get("results");
        assertThat(results).hasSize(5);
        List<String> statuses = new ArrayList<>();
        results.forEach(r -> statuses.add(r.get("status").asString()));
        assertThat(statuses).containsExactly("created", "rejected", "rejected", "existing", "created");
        assertThat(results.get(1).at("/problem/status").asInt()).isEqualTo(400);
        assertThat(results.get(1).at("/problem/errors/0/field").asString()).isEqualTo("channel");
        List<String> fields = new ArrayList<>();
        results.get(2)
                .at("/problem/errors")
                .forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("customerId", "direction", "durationSeconds");
        assertThat(results.get(3).at("/result/id").asString())
                .isEqualTo(results.get(0).at("/result/id").asString());
        assertThat(body.at("/summary/created").asInt()).isEqualTo(2);
        assertThat(body.at("/summary/rejected").asInt()).isEqualTo(2);
        assertThat(body.at("/summary/existing").asInt()).isEqualTo(1);
    }

    @Test
    void aBatchOfMoreThanAThousandItemsIsRefusedWhole() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            items.append(i == 0 ? "" : ",").append("{}");
        }
        ApiResponse response = writer.post("/api/interactions/batch", "{\"items\":[" + items + "]}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().at("/errors/0/field").asString()).isEqualTo("items");
    }

    @Test
    void theTimelineIsNewestFirstAcrossChannelsWithACursorAndFilters() {
        UUID customer = UUID.randomUUID();
        Instant base = Instant.parse("2026-06-01T00:00:00Z");
        String[] channels = {"PHONE", "EMAIL", "WECHAT", "VISIT", "EMAIL"};
        for (int i = 0; i < channels.length; i++) {
            ApiResponse r = writer.post("/api/interactions", """
                    {"customerId":"%s","channel":"%s","direction":"INBOUND","type":"%s","occurredAt":"%s"}""".formatted(
                            customer, channels[i], i == 4 ? "COMPLAINT" : "INQUIRY", base.plus(i, ChronoUnit.DAYS)));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        writer.post("/api/interactions", """
                {"customerId":"%s","channel":"PHONE","direction":"INBOUND","type":"INQUIRY"}""".formatted(UUID.randomUUID()));

        String path = "/api/customers/" + customer + "/timeline";
        ApiResponse page1 = reader.get(path + "?limit=2");
        assertThat(page1.status()).as(page1.body()).isEqualTo(200);
        assertThat(channelsOf(page1)).containsExactly("EMAIL", "VISIT");
        String cursor = page1.json().get("nextCursor").asString();
        ApiResponse page2 = reader.get(path + "?limit=2&cursor=" + cursor);
        assertThat(channelsOf(page2)).containsExactly("WECHAT", "EMAIL");
        ApiResponse page3 = reader.get(
                path + "?limit=2&cursor=" + page2.json().get("nextCursor").asString());
        assertThat(channelsOf(page3)).containsExactly("PHONE");
        assertThat(page3.json().get("nextCursor").isNull()).isTrue();

        assertThat(channelsOf(reader.get(path + "?channel=EMAIL"))).containsExactly("EMAIL", "EMAIL");
        assertThat(reader.get(path + "?type=COMPLAINT").json().get("items")).hasSize(1);
        assertThat(channelsOf(reader.get(
                        path + "?from=" + base.plus(1, ChronoUnit.DAYS) + "&to=" + base.plus(3, ChronoUnit.DAYS))))
                .containsExactly("WECHAT", "EMAIL");
        assertThat(reader.get(path + "?channel=FAX").status()).isEqualTo(400);
        assertThat(reader.get(path + "?cursor=nonsense").status()).isEqualTo(400);
    }

    private static List<String> channelsOf(ApiResponse page) {
        List<String> channels = new ArrayList<>();
        page.json().get("items").forEach(i -> channels.add(i.get("channel").asString()));
        return channels;
    }
}
