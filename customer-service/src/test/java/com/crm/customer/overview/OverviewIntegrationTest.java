package com.crm.customer.overview;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.feedback.ComplaintOpened;
import com.crm.contracts.events.feedback.ComplaintResolved;
import com.crm.contracts.events.feedback.ComplaintSlaBreached;
import com.crm.contracts.events.feedback.ResponseReceived;
import com.crm.contracts.events.interaction.ChannelPreferenceChanged;
import com.crm.contracts.events.interaction.ContactStateChanged;
import com.crm.contracts.events.interaction.InteractionRecorded;
import com.crm.contracts.events.loyalty.LevelChanged;
import com.crm.contracts.events.loyalty.PointsEarned;
import com.crm.contracts.events.loyalty.PointsRedeemed;
import com.crm.contracts.events.segmentation.CustomerValueScored;
import com.crm.contracts.events.segmentation.LifecycleStageChanged;
import com.crm.contracts.events.segmentation.TierChanged;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.ConsumerBench;
import com.crm.test.CrmInfrastructure;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestEvents;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The 360 overview built from real CloudEvents on crm.segmentation.v1, crm.interaction.v1 and crm.feedback.v1,
 * published here as segmentation-, interaction- and feedback-service would (none of them runs).
 */
@CrmServiceTest
class OverviewIntegrationTest {

    private static final String SEGMENTATION = "/crm/segmentation-service";
    private static final String INTERACTION = "/crm/interaction-service";
    private static final String FEEDBACK = "/crm/feedback-service";
    private static final String LOYALTY = "/crm/loyalty-service";
    /** Generous for a loaded CI machine; the "within seconds" promises are asserted separately. */
    private static final Duration SECONDS = Duration.ofSeconds(30);

    private static boolean consumersLive;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient api;
    private ApiClient admin;

    @BeforeEach
    void clients() {
        api = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        admin = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.admin"));
        if (!consumersLive) {
            // the first event of each topic waits for the consumer group to form: not what the timings measure
            UUID nobody = UUID.randomUUID();
            var warmUps = List.of(
                    TestEvents.publish(SEGMENTATION, new TierChanged(nobody, null, "C", "0", Instant.EPOCH, null)),
                    TestEvents.publish(
                            INTERACTION, new ChannelPreferenceChanged(nobody, "EMAIL", null, List.of(), Instant.EPOCH)),
                    TestEvents.publish(
                            FEEDBACK,
                            new ResponseReceived(
                                    nobody,
                                    UUID.randomUUID(),
                                    UUID.randomUUID(),
                                    1,
                                    "CUSTOM",
                                    null,
                                    "EMAIL",
                                    null,
                                    null,
                                    Instant.EPOCH,
                                    null)),
                    TestEvents.publish(
                            LOYALTY,
                            new LevelChanged(nobody, UUID.randomUUID(), null, "BASIC", "QUALIFIED", Instant.EPOCH)));
            warmUps.forEach(
                    e -> Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> processed(e)));
            consumersLive = true;
        }
    }

    private boolean processed(CrmEventCodec.EncodedEvent event) {
        return jdbc.sql("select count(*) from crm_processed_event where event_id = :id")
                        .param("id", event.id().toString())
                        .query(Long.class)
                        .single()
                > 0;
    }

    private UUID customer(String name) {
        ApiResponse created = api.post("/api/customers", """
                {"type":"PERSON","displayName":"%s","emails":[{"address":"%s@example.com","primary":true}],
                 "consents":{"EMAIL":{"status":"GRANTED","source":"web-form"}}}""".formatted(name, name.toLowerCase()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    private JsonNode overview(UUID id) {
        ApiResponse response = api.get("/api/customers/" + id + "/overview");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode awaitOverview(UUID id, Predicate<JsonNode> until) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await()
                .atMost(SECONDS)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> until.test(last[0] = overview(id)));
        return last[0];
    }

    /** Waits until this very event was applied (or knowingly ignored) by customer-service's consumer. */
    private void awaitProcessed(CrmEventCodec.EncodedEvent event) {
        Awaitility.await().atMost(SECONDS).until(() -> processed(event));
    }

    private static CustomerValueScored scored(UUID id, String tier, String clv, Instant at) {
        return new CustomerValueScored(
                id,
                tier,
                clv,
                "91.5",
                "0.8731",
                "2.40",
                (short) 5,
                (short) 4,
                (short) 5,
                "Champions",
                "KEY_ACCOUNT",
                "MATURE",
                "LOW",
                at,
                null);
    }

    @Test
    void aCustomerWithoutAnyEventsHasEverySectionPresentAndTheUnreportedOnesUnknown() {
        UUID id = customer("Quiet");
        JsonNode overview = overview(id);

        assertThat(overview.get("customerId").asString()).isEqualTo(id.toString());
        assertThat(overview.at("/profile/status").asString()).isEqualTo("known");
        assertThat(overview.at("/profile/displayName").asString()).isEqualTo("Quiet");
        assertThat(overview.at("/profile/primaryEmail").asString()).isEqualTo("quiet@example.com");
        assertThat(overview.at("/profile/asOf").isNull()).isFalse();
        for (String section : List.of("value", "contact", "voice", "timeline", "loyalty")) {
            assertThat(overview.at("/" + section + "/status").asString())
                    .as(section)
                    .isEqualTo("unknown");
            assertThat(overview.at("/" + section + "/asOf").isNull())
                    .as(section)
                    .isTrue();
        }
        assertThat(overview.at("/contact/consents/EMAIL/status").asString())
                .as("consents are our own")
                .isEqualTo("GRANTED");
        assertThat(overview.at("/timeline/entries").size()).isZero();

        // the weak ETag: unchanged overview, 304; a change (here a profile patch), a new tag
        ApiResponse first = api.get("/api/customers/" + id + "/overview");
        String etag = first.header("ETag");
        assertThat(etag).startsWith("W/\"");
        ApiResponse again = api.withHeader("If-None-Match", etag).get("/api/customers/" + id + "/overview");
        assertThat(again.status()).isEqualTo(304);
        assertThat(api.withHeader("If-Match", "\"1\"")
                        .patch("/api/customers/" + id, "{\"region\":\"CN-31\"}")
                        .status())
                .isEqualTo(200);
        ApiResponse changed = api.withHeader("If-None-Match", etag).get("/api/customers/" + id + "/overview");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        assertThat(changed.json().at("/profile/region").asString()).isEqualTo("CN-31");

        assertThat(api.get("/api/customers/" + UUID.randomUUID() + "/overview").status())
                .isEqualTo(404);
        ApiResponse anonymous = ApiClient.of("http://localhost:" + port).get("/api/customers/" + id + "/overview");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void theLoyaltySectionFollowsTheJournalsOrderNotTheTimeOfWhatAMovementIsAbout() {
        UUID id = customer("Loyal");
        UUID member = UUID.randomUUID();
        Instant t = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        TestEvents.publish(
                LOYALTY, new PointsEarned(id, member, UUID.randomUUID(), 5200, 5200, "PURCHASE", UUID.randomUUID(), t));
        TestEvents.publish(LOYALTY, new LevelChanged(id, member, "BASIC", "GOLD", "QUALIFIED", t));
        TestEvents.publish(
                LOYALTY,
                new PointsRedeemed(
                        id, member, UUID.randomUUID(), 1000, 4200, "REWARD", UUID.randomUUID(), t.plusSeconds(60)));
        // a purchase from yesterday credited after the redemption: its balance is the newest
        TestEvents.publish(
                LOYALTY,
                new PointsEarned(
                        id,
                        member,
                        UUID.randomUUID(),
                        50,
                        4250,
                        "PURCHASE",
                        UUID.randomUUID(),
                        t.minus(Duration.ofDays(1))));

        JsonNode overview = awaitOverview(id, o -> o.at("/loyalty/balance").asLong() == 4250);
        assertThat(overview.at("/loyalty/status").asString()).isEqualTo("known");
        assertThat(overview.at("/loyalty/level").asString()).isEqualTo("GOLD");
        assertThat(Instant.parse(overview.at("/loyalty/levelSince").asString())).isEqualTo(t);
        assertThat(overview.at("/loyalty/asOf").isNull()).isFalse();
    }

    @Test
    void reflectsATierChangeAndANewComplaintWithinSecondsAndIgnoresOlderEvents() {
        UUID id = customer("Valued");
        Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        TestEvents.publish(SEGMENTATION, scored(id, "B", "1200.50", t0));
        JsonNode value = awaitOverview(id, o -> o.at("/value/status").asString().equals("known"))
                .get("value");
        assertThat(value.get("tier").asString()).isEqualTo("B");
        assertThat(value.get("clv").asString()).isEqualTo("1200.5");
        assertThat(value.get("pAlive").asString()).isEqualTo("0.8731");
        assertThat(value.at("/rfm/segment").asString()).isEqualTo("Champions");
        assertThat(value.at("/rfm/recency").asInt()).isEqualTo(5);
        assertThat(value.get("lifecycleStage").asString()).isEqualTo("MATURE");
        assertThat(value.get("churnRisk").asString()).isEqualTo("LOW");
        assertThat(value.get("keyAccountQuadrant").asString()).isEqualTo("KEY_ACCOUNT");
        assertThat(Instant.parse(value.get("asOf").asString())).isEqualTo(t0);

        Instant t1 = t0.plusSeconds(60);
        long start = System.nanoTime();
        TestEvents.publish(SEGMENTATION, new TierChanged(id, "B", "A", "2500.00", t1, null));
        value = awaitOverview(id, o -> o.at("/value/tier").asString().equals("A"))
                .get("value");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(value.get("clv").asString()).isEqualTo("2500");
        assertThat(Instant.parse(value.get("asOf").asString())).isEqualTo(t1);

        // late and replayed: a tier change older than the current one, and a full score older still, change nothing
        var late = TestEvents.publish(SEGMENTATION, new TierChanged(id, null, "C", "10.00", t0.plusSeconds(30), null));
        var older = TestEvents.publish(SEGMENTATION, scored(id, "C", "10.00", t0.minusSeconds(10)));
        TestEvents.send(late);
        var stage = TestEvents.publish(
                SEGMENTATION,
                new LifecycleStageChanged(id, "MATURE", "DECLINING", "no purchase", t1.plusSeconds(1), null));
        awaitProcessed(late);
        awaitProcessed(older);
        awaitProcessed(stage);
        value = overview(id).get("value");
        assertThat(value.get("tier").asString()).isEqualTo("A");
        assertThat(value.get("clv").asString()).isEqualTo("2500");
        assertThat(value.get("lifecycleStage").asString()).isEqualTo("DECLINING");
        assertThat(value.get("pAlive").asString()).isEqualTo("0.8731");

        // a complaint: open, with its SLA status, within seconds; resolved, it leaves the list
        UUID complaint = UUID.randomUUID();
        Instant opened = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        start = System.nanoTime();
        TestEvents.publish(
                FEEDBACK,
                new ComplaintOpened(
                        id,
                        complaint,
                        "DELIVERY",
                        "HIGH",
                        "PHONE",
                        null,
                        opened,
                        opened.plus(2, ChronoUnit.DAYS),
                        null));
        JsonNode voice = awaitOverview(id, o -> o.at("/voice/openComplaints").size() == 1)
                .get("voice");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(voice.get("status").asString()).isEqualTo("known");
        assertThat(voice.at("/openComplaints/0/complaintId").asString()).isEqualTo(complaint.toString());
        assertThat(voice.at("/openComplaints/0/slaStatus").asString()).isEqualTo("ON_TRACK");
        assertThat(voice.at("/openComplaints/0/category").asString()).isEqualTo("DELIVERY");
        assertThat(voice.get("nps").isNull()).as("no survey answered yet").isTrue();

        UUID urgent = UUID.randomUUID();
        TestEvents.publish(
                FEEDBACK,
                new ComplaintOpened(
                        id,
                        urgent,
                        "BILLING",
                        "CRITICAL",
                        "EMAIL",
                        null,
                        opened,
                        opened.plus(1, ChronoUnit.HOURS),
                        null));
        voice = awaitOverview(id, o -> o.at("/voice/openComplaints").size() == 2)
                .get("voice");
        assertThat(voice.at("/openComplaints/0/complaintId").asString())
                .as("nearest deadline first")
                .isEqualTo(urgent.toString());
        assertThat(voice.at("/openComplaints/0/slaStatus").asString()).isEqualTo("DUE_SOON");
        TestEvents.publish(
                FEEDBACK,
                new ComplaintSlaBreached(
                        id,
                        urgent,
                        "BILLING",
                        "CRITICAL",
                        "OPEN",
                        "agent-7",
                        opened.plus(1, ChronoUnit.HOURS),
                        opened.plusSeconds(1)));
        awaitOverview(
                id, o -> o.at("/voice/openComplaints/0/slaStatus").asString().equals("BREACHED"));

        TestEvents.publish(
                FEEDBACK,
                new ComplaintResolved(
                        id,
                        complaint,
                        "DELIVERY",
                        "HIGH",
                        opened,
                        opened.plus(2, ChronoUnit.DAYS),
                        opened.plusSeconds(5),
                        true));
        voice = awaitOverview(id, o -> o.at("/voice/openComplaints").size() == 1)
                .get("voice");
        assertThat(voice.at("/openComplaints/0/complaintId").asString()).isEqualTo(urgent.toString());
    }

    @Test
    void contactStateVoiceAndTheLatestTenInteractions() {
        UUID id = customer("Talker");
        Instant base = Instant.parse("2026-03-01T09:00:00Z");
        List<UUID> interactions = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UUID interaction = UUID.randomUUID();
            interactions.add(interaction);
            TestEvents.publish(
                    INTERACTION,
                    new InteractionRecorded(
                            id,
                            interaction,
                            i % 2 == 0 ? "EMAIL" : "PHONE",
                            "OUTBOUND",
                            "CALL",
                            "SALES",
                            "REACHED",
                            base.plus(i, ChronoUnit.HOURS),
                            60,
                            "agent-" + i,
                            null,
                            false,
                            null,
                            null,
                            false));
        }
        Instant asOf = base.plus(12, ChronoUnit.HOURS);
        UUID policy = UUID.randomUUID();
        TestEvents.publish(
                INTERACTION,
                new ContactStateChanged(
                        id,
                        List.of(
                                new ContactStateChanged.LastContact(
                                        "EMAIL", "OUTBOUND", base.plus(10, ChronoUnit.HOURS)),
                                new ContactStateChanged.LastContact(
                                        "PHONE", "OUTBOUND", base.plus(11, ChronoUnit.HOURS))),
                        new ContactStateChanged.DueContact(
                                UUID.randomUUID(), "Gold care", "PHONE", base.plus(30, ChronoUnit.DAYS)),
                        "PHONE",
                        List.of(new ContactStateChanged.PolicyWindow(
                                policy,
                                "3 sales calls a month",
                                null,
                                "SALES",
                                3,
                                "P30D",
                                3,
                                0,
                                base.plus(30, ChronoUnit.DAYS))),
                        asOf));
        // an older preference arrives after the state: the state's preferred channel stays
        var stalePreference =
                TestEvents.publish(INTERACTION, new ChannelPreferenceChanged(id, "SMS", null, List.of("SMS"), base));
        TestEvents.publish(
                FEEDBACK,
                new ResponseReceived(
                        id,
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        1,
                        "NPS",
                        null,
                        "EMAIL",
                        9,
                        "promoter",
                        base.plus(1, ChronoUnit.DAYS),
                        null));
        TestEvents.publish(
                FEEDBACK,
                new ResponseReceived(
                        id, UUID.randomUUID(), UUID.randomUUID(), 1, "NPS", null, "EMAIL", 3, "detractor", base, null));
        TestEvents.publish(
                FEEDBACK,
                new ResponseReceived(
                        id, UUID.randomUUID(), UUID.randomUUID(), 1, "CES", null, "EMAIL", 2, null, base, null));

        JsonNode o = awaitOverview(
                id,
                x -> x.at("/timeline/entries").size() == 10
                        && x.at("/timeline/entries/0/interactionId")
                                .asString()
                                .equals(interactions.get(11).toString())
                        && x.at("/contact/status").asString().equals("known")
                        && x.at("/voice/ces/score").asInt() == 2
                        && x.at("/voice/nps/score").asInt() == 9);
        awaitProcessed(stalePreference);
        o = overview(id);

        JsonNode timeline = o.get("timeline");
        assertThat(timeline.get("status").asString()).isEqualTo("known");
        assertThat(Instant.parse(timeline.get("asOf").asString())).isEqualTo(base.plus(11, ChronoUnit.HOURS));
        assertThat(timeline.at("/entries/0/agentId").asString()).isEqualTo("agent-11");
        assertThat(timeline.at("/entries/9/interactionId").asString())
                .as("the 10 newest, newest first")
                .isEqualTo(interactions.get(2).toString());
        assertThat(jdbc.sql("select count(*) from projected_interaction where customer_id = :c")
                        .param("c", id)
                        .query(Long.class)
                        .single())
                .as("the projection keeps only what the overview shows")
                .isEqualTo(10);

        JsonNode contact = o.get("contact");
        assertThat(Instant.parse(contact.get("asOf").asString())).isEqualTo(asOf);
        assertThat(contact.get("preferredChannel").asString()).isEqualTo("PHONE");
        assertThat(contact.at("/lastContacts/1/channel").asString()).isEqualTo("PHONE");
        assertThat(contact.at("/nextDue/planName").asString()).isEqualTo("Gold care");
        assertThat(contact.at("/policyWindows/0/remaining").asInt()).isZero();
        assertThat(contact.at("/policyWindows/0/used").asInt()).isEqualTo(3);
        assertThat(contact.at("/consents/EMAIL/status").asString()).isEqualTo("GRANTED");

        JsonNode voice = o.get("voice");
        assertThat(voice.at("/nps/category").asString())
                .as("the latest answer, not the last to arrive")
                .isEqualTo("promoter");
        assertThat(voice.get("csat").isNull()).isTrue();
        assertThat(Instant.parse(voice.get("asOf").asString())).isEqualTo(base.plus(1, ChronoUnit.DAYS));
    }

    @Test
    void aMergeMovesTheProjectionsToTheSurvivorAndLaterEventsForTheMergedIdLandThere() {
        UUID survivor = customer("Keeper");
        UUID merged = customer("Twin");
        Instant t0 = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        TestEvents.publish(SEGMENTATION, scored(survivor, "C", "50.00", t0));
        TestEvents.publish(SEGMENTATION, scored(merged, "A", "900.00", t0.plusSeconds(10)));
        TestEvents.publish(
                FEEDBACK,
                new ComplaintOpened(
                        merged,
                        UUID.randomUUID(),
                        "DELIVERY",
                        "LOW",
                        "EMAIL",
                        null,
                        t0,
                        t0.plus(3, ChronoUnit.DAYS),
                        null));
        TestEvents.publish(
                INTERACTION,
                new InteractionRecorded(
                        merged,
                        UUID.randomUUID(),
                        "EMAIL",
                        "INBOUND",
                        "EMAIL",
                        "SERVICE",
                        "ANSWERED",
                        t0,
                        null,
                        null,
                        null,
                        false,
                        null,
                        null,
                        false));
        TestEvents.publish(
                LOYALTY,
                new PointsEarned(merged, UUID.randomUUID(), UUID.randomUUID(), 300, 300, "PURCHASE", null, t0));
        awaitOverview(
                merged,
                o -> o.at("/timeline/entries").size() == 1
                        && o.at("/voice/openComplaints").size() == 1
                        && o.at("/value/tier").asString().equals("A")
                        && o.at("/loyalty/balance").asLong() == 300);
        awaitOverview(survivor, o -> o.at("/value/tier").asString().equals("C"));

        ApiResponse merge = admin.post(
                "/api/customers/merge", "{\"survivorId\":\"" + survivor + "\",\"mergedIds\":[\"" + merged + "\"]}");
        assertThat(merge.status()).as(merge.body()).isEqualTo(200);

        JsonNode o = overview(survivor);
        assertThat(o.at("/value/tier").asString()).as("the newer value wins").isEqualTo("A");
        assertThat(o.at("/voice/openComplaints").size()).isEqualTo(1);
        assertThat(o.at("/timeline/entries").size()).isEqualTo(1);
        assertThat(o.at("/loyalty/balance").asLong())
                .as("the survivor had no membership: the merged member's until loyalty-service reports")
                .isEqualTo(300);
        // loyalty-service combines the members: the merged member emptied, the survivor credited; the merged
        // member's last balance never lands on the survivor, whichever comes first
        TestEvents.publish(
                LOYALTY,
                new PointsEarned(survivor, UUID.randomUUID(), UUID.randomUUID(), 300, 300, "MERGE_IN", null, t0));
        var emptied = TestEvents.publish(
                LOYALTY,
                new PointsRedeemed(merged, UUID.randomUUID(), UUID.randomUUID(), 300, 0, "MERGE_OUT", null, t0));
        awaitProcessed(emptied);
        assertThat(overview(survivor).at("/loyalty/balance").asLong()).isEqualTo(300);
        ApiResponse viaMergedId = api.get("/api/customers/" + merged + "/overview");
        assertThat(viaMergedId.status()).isEqualTo(200);
        assertThat(viaMergedId.json().get("customerId").asString()).isEqualTo(survivor.toString());
        assertThat(viaMergedId.header("Content-Location")).isEqualTo("/api/customers/" + survivor + "/overview");
        assertThat(jdbc.sql("select count(*) from projected_value where customer_id = :c")
                        .param("c", merged)
                        .query(Long.class)
                        .single())
                .isZero();

        // segmentation-service has not heard of the merge yet: its event for the merged id lands on the survivor
        TestEvents.publish(SEGMENTATION, new TierChanged(merged, "A", "S", "5000.00", Instant.now(), null));
        awaitOverview(survivor, x -> x.at("/value/tier").asString().equals("S"));
        assertThat(jdbc.sql("select count(*) from projected_value where customer_id = :c")
                        .param("c", merged)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void afterAnErasureTheOverviewIsGoneAndNothingProjectedRemains() {
        UUID id = customer("Forget");
        TestEvents.publish(SEGMENTATION, scored(id, "B", "100.00", Instant.now()));
        TestEvents.publish(
                FEEDBACK,
                new ResponseReceived(
                        id,
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        1,
                        "CSAT",
                        null,
                        "EMAIL",
                        4,
                        null,
                        Instant.now(),
                        null));
        TestEvents.publish(LOYALTY, new LevelChanged(id, UUID.randomUUID(), null, "BASIC", "QUALIFIED", Instant.now()));
        awaitOverview(
                id,
                o -> o.at("/value/status").asString().equals("known")
                        && o.at("/voice/status").asString().equals("known")
                        && o.at("/loyalty/level").asString().equals("BASIC"));

        assertThat(admin.post("/api/customers/" + id + "/erasure", "").status()).isEqualTo(200);
        ApiResponse gone = api.get("/api/customers/" + id + "/overview");
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        assertThat(projectedRows(id)).isZero();

        // a late event for the erased customer is not kept
        var late = TestEvents.publish(
                INTERACTION,
                new InteractionRecorded(
                        id,
                        UUID.randomUUID(),
                        "SMS",
                        "OUTBOUND",
                        "SMS",
                        "SERVICE",
                        "DELIVERED",
                        Instant.now(),
                        null,
                        null,
                        null,
                        false,
                        null,
                        null,
                        false));
        awaitProcessed(late);
        assertThat(projectedRows(id)).isZero();
    }

    @Test
    void aBatchKeepsEachCustomersNewestStateWhateverTheOrderAndDeadLettersAPoisonRecordAlone() throws Exception {
        UUID a = customer("BatchA");
        UUID b = customer("BatchB");
        UUID c = customer("BatchC");
        Instant t = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        CrmEventCodec segmentation = new CrmEventCodec(SEGMENTATION);
        CrmEventCodec interaction = new CrmEventCodec(INTERACTION);
        // sent together (one producer, no wait in between): the consumers take them in one or a few batches
        ConsumerBench batch = new ConsumerBench();
        List<CrmEventCodec.EncodedEvent> applied = new ArrayList<>();
        applied.add(batch.add(segmentation, new TierChanged(a, null, "A", "300.00", t.plusSeconds(2), null), t));
        applied.add(batch.add(segmentation, new TierChanged(a, null, "C", "100.00", t, null), t));
        var poison = batch.add(segmentation, new TierChanged(b, null, "B", "not a decimal", t, null), t);
        applied.add(batch.add(segmentation, new TierChanged(c, null, "B", "200.00", t, null), t));
        applied.add(batch.add(segmentation, scored(a, null, null, t.plusSeconds(1)), t));
        applied.add(batch.add(segmentation, new TierChanged(a, null, "B", "200.00", t.plusSeconds(1), null), t));
        applied.add(batch.add(interaction, new ChannelPreferenceChanged(a, "SMS", null, List.of(), t), t));
        applied.add(
                batch.add(interaction, new ChannelPreferenceChanged(a, "EMAIL", null, List.of(), t.plusSeconds(5)), t));
        applied.add(
                batch.add(interaction, new ChannelPreferenceChanged(a, "PHONE", null, List.of(), t.plusSeconds(3)), t));
        // a complaint opened and resolved in one batch, and another one opened
        CrmEventCodec feedback = new CrmEventCodec(FEEDBACK);
        UUID resolved = UUID.randomUUID();
        UUID open = UUID.randomUUID();
        Instant due = t.plus(2, ChronoUnit.DAYS);
        applied.add(batch.add(
                feedback, new ComplaintOpened(c, resolved, "DELIVERY", "HIGH", "PHONE", null, t, due, null), t));
        applied.add(batch.add(
                feedback, new ComplaintResolved(c, resolved, "DELIVERY", "HIGH", t, due, t.plusSeconds(60), true), t));
        applied.add(
                batch.add(feedback, new ComplaintOpened(c, open, "BILLING", "LOW", "EMAIL", null, t, due, null), t));
        batch.send();
        applied.forEach(this::awaitProcessed);

        JsonNode overview = overview(a);
        assertThat(overview.at("/value/tier").asString()).isEqualTo("A");
        assertThat(overview.at("/value/clv").asString()).isEqualTo("300");
        assertThat(overview.at("/value/lifecycleStage").asString()).isEqualTo("MATURE");
        assertThat(overview.at("/value/pAlive").asString()).isEqualTo("0.8731");
        assertThat(overview.at("/contact/preferredChannel").asString()).isEqualTo("EMAIL");
        JsonNode other = overview(c);
        assertThat(other.at("/value/tier").asString()).isEqualTo("B");
        assertThat(other.at("/voice/openComplaints").size()).isEqualTo(1);
        assertThat(other.at("/voice/openComplaints/0/complaintId").asString()).isEqualTo(open.toString());
        assertThat(jdbc.sql("select status from projected_complaint where complaint_id = :id")
                        .param("id", resolved)
                        .query(String.class)
                        .single())
                .isEqualTo("RESOLVED");
        // the malformed event for b was parked on the dead-letter topic, nothing of it applied
        assertThat(processed(poison)).isFalse();
        assertThat(overview(b).at("/value/status").asString()).isEqualTo("unknown");
        try (EventCapture dlt =
                new EventCapture(CrmInfrastructure.get().kafkaBootstrap(), Topics.SEGMENTATION + ".dlt")) {
            dlt.awaitMatching(r -> r.event().getId().equals(poison.id().toString()));
        }
    }

    private long projectedRows(UUID id) {
        return jdbc.sql("""
                        select (select count(*) from projected_value where customer_id = :c)
                             + (select count(*) from projected_contact where customer_id = :c)
                             + (select count(*) from projected_interaction where customer_id = :c)
                             + (select count(*) from projected_feedback_score where customer_id = :c)
                             + (select count(*) from projected_complaint where customer_id = :c)
                             + (select count(*) from projected_segment_member where customer_id = :c)
                             + (select count(*) from projected_loyalty where customer_id = :c)""").param("c", id).query(Long.class).single();
    }
}
