package com.crm.systemtest.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.crm.client.ApiException;
import com.crm.client.api.CommunicationPlansApi;
import com.crm.client.api.ContactPoliciesApi;
import com.crm.client.api.CustomerValueApi;
import com.crm.client.api.CustomersApi;
import com.crm.client.api.DuplicatesAndMergeApi;
import com.crm.client.api.ErpSyncApi;
import com.crm.client.api.GdprApi;
import com.crm.client.api.InteractionsApi;
import com.crm.client.api.InvitationsApi;
import com.crm.client.api.PurchasesApi;
import com.crm.client.api.ResponsesApi;
import com.crm.client.api.RunsApi;
import com.crm.client.api.SurveysApi;
import com.crm.client.model.BatchResponseSynced;
import com.crm.client.model.CommunicationPlanInput;
import com.crm.client.model.ConsentInput;
import com.crm.client.model.ContactPolicyInput;
import com.crm.client.model.CustomerBatchRequest;
import com.crm.client.model.CustomerInput;
import com.crm.client.model.CustomerInputConsents;
import com.crm.client.model.CustomerUpsertItem;
import com.crm.client.model.CustomerValueView;
import com.crm.client.model.DueContact;
import com.crm.client.model.EmailInput;
import com.crm.client.model.ExternalReference;
import com.crm.client.model.InteractionInput;
import com.crm.client.model.InteractionView;
import com.crm.client.model.InvitationRequest;
import com.crm.client.model.InvitationView;
import com.crm.client.model.MergeRequest;
import com.crm.client.model.PlanRule;
import com.crm.client.model.PublicAnswer;
import com.crm.client.model.PurchaseBatchRequest;
import com.crm.client.model.PurchaseInput;
import com.crm.client.model.Question;
import com.crm.client.model.RunRequest;
import com.crm.client.model.RunView;
import com.crm.client.model.SurveyInput;
import com.crm.client.model.SurveyView;
import com.crm.systemtest.Http;
import com.crm.systemtest.Summary;
import com.crm.systemtest.Tokens.Client;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One customer's life through the gateway, with the generated client and the issuer's tokens: the ERP integrator
 * syncs customers and purchases, segmentation computes tiers and stages, interaction-service's due contacts follow
 * the tier, a contact beyond the policy is refused, a survey answered as a detractor raises the churn risk, the
 * customer is merged, then erased, and every service reflects it. Each step builds on the previous one.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomerJourneyIT {

    private static final String SOURCE = "JOURNEY-ERP";

    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    private static final Duration EVENTUALLY = Duration.ofMinutes(3);

    /**
     * Where the journey's customers live: a zone where it is about noon now, so that the platform's default policy
     * (no contact 21:00-08:00 in the customer's time, Asia/Shanghai when the profile names no zone) never decides the
     * policy step by the hour at which the suite happens to run.
     */
    private static final String DAYTIME_ZONE =
            zoneAtNoon(OffsetDateTime.now(ZoneOffset.UTC).getHour());

    private static UUID gold;

    private static UUID basic;

    private static String goldTier;

    private static String basicTier;

    private static UUID duplicate;

    private static UUID duplicateInteraction;

    private static UUID survey;

    /** Each synced customer and the number of days with a purchase the integrator recorded for them. */
    private static final Map<UUID, Integer> PURCHASE_DAYS = new LinkedHashMap<>();

    @Test
    @Order(1)
    void anErpIntegratorSyncsCustomersAndPurchases() {
        List<CustomerUpsertItem> items = new ArrayList<>();
        items.add(item("GOLD", "Jin", "Gold"));
        items.add(item("BASIC", "Bo", "Basic"));
        for (int i = 0; i < 20; i++) {
            items.add(item("CROWD-" + i, "Crowd" + i, "Member"));
        }
        BatchResponseSynced synced = new ErpSyncApi(PlatformClient.as(Client.ERP))
                .customerBatchUpsert(new CustomerBatchRequest().items(items));
        assertThat(synced.getSummary()).as("customer batch summary").containsEntry("created", 22);
        gold = synced.getResults().get(0).getResult().getId();
        basic = synced.getResults().get(1).getResult().getId();
        PURCHASE_DAYS.put(gold, 12);
        PURCHASE_DAYS.put(basic, 2);
        for (int i = 0; i < 20; i++) {
            PURCHASE_DAYS.put(synced.getResults().get(2 + i).getResult().getId(), i % 3 + 1);
        }

        // a loyal big spender, a one-off small buyer and a crowd in between, so that the tiers have something to rank
        List<PurchaseInput> purchases = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int i = 0; i < 12; i++) {
            purchases.add(purchase("GOLD", "G-" + i, now.minusDays(5 + 25L * i), "1800.00"));
        }
        purchases.add(purchase("BASIC", "B-0", now.minusDays(300), "5.00"));
        purchases.add(purchase("BASIC", "B-1", now.minusDays(240), "5.00"));
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j <= i % 3; j++) {
                purchases.add(purchase(
                        "CROWD-" + i, "C-" + i + "-" + j, now.minusDays(20 + 60L * j + i), (50 + 10 * i) + ".00"));
            }
        }
        var recorded = new PurchasesApi(PlatformClient.as(Client.ERP))
                .purchaseRecordAll(new PurchaseBatchRequest().items(purchases));
        assertThat(recorded.getSummary()).as("purchase batch summary").containsEntry("created", purchases.size());
        assertThat(new CustomersApi(PlatformClient.as(Client.FRONTEND))
                        .customerGet(gold)
                        .getExternalReferences())
                .anySatisfy((reference) -> assertThat(reference.getExternalId()).isEqualTo(externalId("GOLD")));
        Summary.add(
                "journey", "ERP sync: 22 customers and " + purchases.size() + " purchases created by the integrator");
    }

    @Test
    @Order(2)
    void segmentationComputesTiersAndStages() {
        // the purchases reach segmentation as events: a run started before they all arrived would rank partial data
        CustomerValueApi known = new CustomerValueApi(PlatformClient.as(Client.FRONTEND));
        PURCHASE_DAYS.forEach((customer, days) -> await().atMost(EVENTUALLY)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsMatching((ex) -> ex instanceof ApiException api && api.getCode() == 404)
                .until(() -> known.customerValueGet(customer).getMetrics().getPurchaseDays(), days::equals));
        RunsApi runs = new RunsApi(PlatformClient.as(Client.ADMIN));
        RunView started = await().atMost(EVENTUALLY)
                .ignoreExceptionsMatching((ex) -> ex instanceof ApiException api && api.getCode() == 409)
                .until(() -> runs.runStart(new RunRequest()), (run) -> run.getId() != null);
        RunView finished = await().atMost(EVENTUALLY)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> runs.runGet(started.getId()), (run) -> !"RUNNING".equals(run.getStatus()));
        assertThat(finished.getStatus()).as("run %s", finished).isEqualTo("SUCCEEDED");

        CustomerValueApi values = new CustomerValueApi(PlatformClient.as(Client.FRONTEND));
        CustomerValueView goldValue = values.customerValueGet(gold);
        CustomerValueView basicValue = values.customerValueGet(basic);
        assertThat(goldValue.getTier()).as("gold's tier").isNotBlank();
        assertThat(goldValue.getStage()).as("gold's stage").isNotBlank();
        assertThat(basicValue.getTier()).as("basic's tier").isNotBlank();
        assertThat(rank(goldValue.getTier()))
                .as(
                        "the big spender ranks above the one-off buyer (%s vs %s)",
                        goldValue.getTier(), basicValue.getTier())
                .isLessThan(rank(basicValue.getTier()));
        goldTier = goldValue.getTier();
        basicTier = basicValue.getTier();
        Summary.add(
                "journey",
                "tiers: big spender " + goldTier + " (" + goldValue.getStage() + "), one-off buyer " + basicTier + " ("
                        + basicValue.getStage() + ")");
    }

    @Test
    @Order(3)
    void dueContactsFollowTheTier() {
        CommunicationPlansApi plans = new CommunicationPlansApi(PlatformClient.as(Client.ADMIN));
        UUID plan = plans.communicationPlanCreate(new CommunicationPlanInput()
                        .name("journey " + RUN + " tier " + goldTier)
                        .tier(goldTier)
                        .rules(List.of(new PlanRule()
                                .channel(PlanRule.ChannelEnum.EMAIL)
                                .every("P1M"))))
                .getId();
        // the tier reaches interaction-service as an event of segmentation's run
        List<DueContact> due = await().atMost(EVENTUALLY)
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> plans.communicationPlanDue(null, gold, null, null, 100, null)
                                .getItems(),
                        (items) -> items.stream().anyMatch((contact) -> plan.equals(contact.getPlanId())));
        assertThat(due).anySatisfy((contact) -> assertThat(contact.getChannel()).hasToString("EMAIL"));
        assertThat(plans.communicationPlanDue(null, basic, null, null, 100, null)
                        .getItems())
                .as("the one-off buyer (tier %s) is not in the %s plan", basicTier, goldTier)
                .noneMatch((contact) -> plan.equals(contact.getPlanId()));
        plans.communicationPlanDelete(plan);
        Summary.add(
                "journey",
                "due contacts: the " + goldTier + " plan lists the big spender, not the " + basicTier
                        + " one-off buyer");
    }

    @Test
    @Order(4)
    void aContactBeyondThePolicyIsRefused() {
        ContactPoliciesApi policies = new ContactPoliciesApi(PlatformClient.as(Client.ADMIN));
        UUID policy = policies.contactPolicyCreate(new ContactPolicyInput()
                        .name("journey " + RUN + " one email a month")
                        .channel(ContactPolicyInput.ChannelEnum.EMAIL)
                        .maxContacts(1)
                        .window("P30D"))
                .getId();
        try {
            InteractionsApi interactions = new InteractionsApi(PlatformClient.as(Client.FRONTEND));
            // the first email is within the policy once interaction-service knows the customer's email consent; a
            // refusal for any other reason (another policy's quiet hours, say) fails here with its reasons
            InteractionView first = await().atMost(EVENTUALLY)
                    .pollInterval(Duration.ofSeconds(2))
                    .ignoreExceptionsMatching((ex) -> ex instanceof ApiException api
                            && api.getCode() == 422
                            && api.getResponseBody().contains("\"rule\":\"consent\"")
                            && !api.getResponseBody().matches("(?s).*\"rule\":\"(?!consent\").*"))
                    .until(
                            () -> interactions.interactionRecord(outboundEmail("first")),
                            (view) -> view.getId() != null);
            assertThat(first.getChannel()).hasToString("EMAIL");
            assertThatThrownBy(() -> interactions.interactionRecord(outboundEmail("second")))
                    .isInstanceOfSatisfying(ApiException.class, (refused) -> {
                        assertThat(refused.getCode()).isEqualTo(422);
                        assertThat(refused.getResponseBody())
                                .contains("reasons")
                                .contains("\"rule\":\"max-contacts\"")
                                .contains(policy.toString());
                    });
            Summary.add("journey", "second email within 30 days refused: 422 with reasons");
        } finally {
            policies.contactPolicyDelete(policy);
        }
    }

    @Test
    @Order(5)
    void aDetractorAnswerRaisesTheChurnRisk() {
        CustomerValueApi values = new CustomerValueApi(PlatformClient.as(Client.FRONTEND));
        BigDecimal before = new BigDecimal(values.customerValueGet(gold).getChurnRisk());

        SurveysApi surveys = new SurveysApi(PlatformClient.as(Client.ADMIN));
        SurveyView survey = surveys.surveyCreate(new SurveyInput()
                .name("journey " + RUN + " NPS")
                .kind(SurveyInput.KindEnum.NPS)
                .questions(List.of(new Question()
                        .id("nps")
                        .type(Question.TypeEnum.NPS)
                        .text("How likely are you to recommend us?")
                        .required(true))));
        surveys.surveyActivate(survey.getId());
        CustomerJourneyIT.survey = survey.getId();
        InvitationView invitation = new InvitationsApi(PlatformClient.as(Client.FRONTEND))
                .invitationCreate(
                        survey.getId(),
                        new InvitationRequest().customerId(gold).channel(InvitationRequest.ChannelEnum.EMAIL));
        assertThat(invitation.getToken()).as("the invitation's answer token").isNotBlank();

        ObjectNode answers = Http.object().put("nps", 1);
        ResponsesApi publicAnswers = new ResponsesApi(PlatformClient.anonymous());
        // the public endpoint is rate-limited per address (the bad-input sweep may just have used it up)
        await().atMost(EVENTUALLY)
                .pollInterval(Duration.ofSeconds(5))
                .ignoreExceptionsMatching((ex) -> ex instanceof ApiException api && api.getCode() == 429)
                .until(() -> publicAnswers.responseAnswer(
                                new PublicAnswer().token(invitation.getToken()).answers(answers))
                        != null);

        CustomerValueView after = await().atMost(EVENTUALLY)
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> values.customerValueGet(gold),
                        (value) -> Boolean.TRUE.equals(value.getMetrics().getDetractor())
                                && new BigDecimal(value.getChurnRisk()).compareTo(before) > 0);
        Summary.add("journey", "detractor answer: churn risk " + before + " -> " + after.getChurnRisk());
    }

    @Test
    @Order(6)
    void aMergedDuplicateIsReflectedEverywhere() {
        CustomersApi customers = new CustomersApi(PlatformClient.as(Client.FRONTEND));
        duplicate = customers
                .customerRegister(new CustomerInput()
                        .type(CustomerInput.TypeEnum.PERSON)
                        .givenName("Jin")
                        .familyName("Gold")
                        .emails(List.of(new EmailInput().address("jin.gold.dup-" + RUN + "@example.com"))))
                .getId();
        InteractionsApi interactions = new InteractionsApi(PlatformClient.as(Client.FRONTEND));
        duplicateInteraction = interactions
                .interactionRecord(new InteractionInput()
                        .customerId(duplicate)
                        .channel(InteractionInput.ChannelEnum.WEB_CHAT)
                        .direction(InteractionInput.DirectionEnum.INBOUND)
                        .type(InteractionInput.TypeEnum.INQUIRY)
                        .subject("asked under a second account")
                        .source("journey")
                        .externalId("dup-" + RUN))
                .getId();

        new DuplicatesAndMergeApi(PlatformClient.as(Client.ADMIN))
                .mergeCustomers(new MergeRequest().survivorId(gold).mergedIds(List.of(duplicate)));

        assertThat(customers.customerGet(duplicate).getId())
                .as("the merged id answers with its survivor")
                .isEqualTo(gold);
        await().atMost(EVENTUALLY)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(interactions
                                .interactionTimeline(gold, null, null, null, null, null, 500, null)
                                .getItems())
                        .as("interaction-service re-keyed the duplicate's interaction to the survivor")
                        .anyMatch((view) -> view.getId().equals(duplicateInteraction)));
        Summary.add("journey", "merge: the duplicate's interaction moved to the survivor's timeline");
    }

    @Test
    @Order(7)
    void anErasedCustomerIsPurgedEverywhere() {
        InvitationsApi invitations = new InvitationsApi(PlatformClient.as(Client.FRONTEND));
        InvitationView pending = invitations.invitationCreate(
                survey, new InvitationRequest().customerId(gold).channel(InvitationRequest.ChannelEnum.EMAIL));

        new GdprApi(PlatformClient.as(Client.ADMIN)).gdprErase(gold);

        CustomersApi customers = new CustomersApi(PlatformClient.as(Client.FRONTEND));
        assertThatThrownBy(() -> customers.customerGet(gold))
                .isInstanceOfSatisfying(
                        ApiException.class, (gone) -> assertThat(gone.getCode()).isEqualTo(410));
        InteractionsApi interactions = new InteractionsApi(PlatformClient.as(Client.FRONTEND));
        await().atMost(EVENTUALLY).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            List<InteractionView> timeline = interactions
                    .interactionTimeline(gold, null, null, null, null, null, 500, null)
                    .getItems();
            assertThat(timeline)
                    .as("interaction-service purged the personal content")
                    .allSatisfy((view) -> {
                        assertThat(view.getErased()).isTrue();
                        assertThat(view.getSubject()).isNull();
                        assertThat(view.getNotes()).isNull();
                    });
        });
        CustomerValueApi values = new CustomerValueApi(PlatformClient.as(Client.FRONTEND));
        await().atMost(EVENTUALLY)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThatThrownBy(() -> values.customerValueGet(gold))
                        .as("segmentation forgot the customer")
                        .isInstanceOfSatisfying(
                                ApiException.class,
                                (gone) -> assertThat(gone.getCode()).isEqualTo(404)));
        await().atMost(EVENTUALLY).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            InvitationView withdrawn = invitations.invitationGet(pending.getId());
            assertThat(withdrawn.getStatus())
                    .as("feedback-service withdrew the pending invitation")
                    .hasToString("SUPPRESSED");
            assertThat(withdrawn.getStatusReason()).contains("erased");
        });
        Summary.add(
                "journey",
                "erasure: customer 410, interactions erased, segmentation 404, pending invitation withdrawn");
    }

    // ---- helpers

    private static String externalId(String name) {
        return "J-" + RUN + "-" + name;
    }

    private static CustomerUpsertItem item(String name, String givenName, String familyName) {
        String email = (givenName + "." + familyName + "-" + RUN + "@example.com").toLowerCase(Locale.ROOT);
        return new CustomerUpsertItem()
                .source(SOURCE)
                .externalId(externalId(name))
                .customer(new CustomerInput()
                        .type(CustomerInput.TypeEnum.PERSON)
                        .givenName(givenName)
                        .familyName(familyName)
                        .timeZone(DAYTIME_ZONE)
                        .emails(List.of(new EmailInput().address(email).primary(true)))
                        .consents(new CustomerInputConsents()
                                .EMAIL(new ConsentInput()
                                        .status(ConsentInput.StatusEnum.GRANTED)
                                        .source("erp-sync"))));
    }

    private static PurchaseInput purchase(String customer, String erpId, OffsetDateTime at, String amount) {
        return new PurchaseInput()
                .customerRef(new ExternalReference().source(SOURCE).externalId(externalId(customer)))
                .source(SOURCE)
                .erpId(RUN + "-" + erpId)
                .occurredAt(at)
                .amount(amount)
                .currency("CNY")
                .type(PurchaseInput.TypeEnum.PURCHASE);
    }

    private static InteractionInput outboundEmail(String which) {
        return new InteractionInput()
                .customerId(gold)
                .channel(InteractionInput.ChannelEnum.EMAIL)
                .direction(InteractionInput.DirectionEnum.OUTBOUND)
                .type(InteractionInput.TypeEnum.CAMPAIGN)
                .subject("journey " + which + " newsletter")
                .source("journey")
                .externalId("email-" + which + "-" + RUN);
    }

    /** The fixed-offset IANA zone (Etc/GMT±n, whose sign is inverted) whose local time is 12:xx at {@code utcHour}. */
    static String zoneAtNoon(int utcHour) {
        int offset = 12 - utcHour;
        if (offset < -12) {
            offset += 24;
        }
        return (offset == 0) ? "Etc/UTC" : (offset > 0) ? "Etc/GMT-" + offset : "Etc/GMT+" + -offset;
    }

    /** S is the best tier, C the lowest. */
    private static int rank(String tier) {
        return "SABC".indexOf(tier);
    }
}
