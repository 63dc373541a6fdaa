package com.crm.customer.purchase;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.purchase.PurchaseRefunded;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@CrmServiceTest
class PurchaseLedgerIntegrationTest {

    @RegisterExtension
    static final EventCapture events = EventCapture.of(Topics.PURCHASE);

    @LocalServerPort
    int port;

    private ApiClient erp;
    private String customerId;
    private String source;

    @BeforeEach
    void customer() {
        erp = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.integration"));
        source = "ERP" + UUID.randomUUID().toString().substring(0, 6);
        ApiResponse batch = erp.post("/api/customers/batch", """
                {"items":[{"source":"%s","externalId":"C-9","customer":{"type":"PERSON","displayName":"Buyer"}}]}""".formatted(source));
        customerId = batch.json().at("/results/0/result/id").asString();
    }

    @Test
    void recordsAPurchaseOnceByErpIdAndPublishesIt() {
        String purchase = """
                {"customerRef":{"source":"%s","externalId":"C-9"},"source":"%s","erpId":"INV-1",
                 "occurredAt":"2026-03-01T10:00:00Z","amount":"49.9","currency":"CNY","quantity":2,"channel":"store",
                 "lines":[{"sku":"TEA-1","name":"乌龙茶","quantity":2,"unitPrice":"24.95","amount":"49.90"}]}""".formatted(source, source);

        ApiResponse first = erp.post("/api/purchases", purchase);
        ApiResponse again = erp.post("/api/purchases", purchase);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("amount").asString()).isEqualTo("49.90");
        assertThat(first.json().get("type").asString()).isEqualTo("PURCHASE");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
        String purchaseId = first.json().get("id").asString();

        EventCapture.Received recorded = events.awaitMatching(r -> r.event()
                        .getType()
                        .equals("crm.purchase.recorded")
                && r.data(PurchaseRecorded.class).purchaseId().toString().equals(purchaseId));
        assertThat(recorded.key()).isEqualTo(customerId);
        assertThat(recorded.data(PurchaseRecorded.class).amount()).isEqualTo("49.90");
        assertThat(recorded.data(PurchaseRecorded.class).lines().getFirst().name())
                .isEqualTo("乌龙茶");
        assertThat(events.received())
                .filteredOn(r -> r.event().getType().equals("crm.purchase.recorded")
                        && r.data(PurchaseRecorded.class)
                                .purchaseId()
                                .toString()
                                .equals(purchaseId))
                .hasSize(1);

        ApiResponse conflicting = erp.post("/api/purchases", purchase.replace("\"49.9\"", "\"59.9\""));
        assertThat(conflicting.status()).isEqualTo(409);
        assertThat(conflicting.contentType()).startsWith("application/problem+json");
    }

    @Test
    void acceptsRefundsAsATypeOrANegativeAmountAndZeroAmountPurchases() {
        ApiResponse typed = erp.post("/api/purchases", """
                {"customerId":"%s","source":"%s","erpId":"R-1","occurredAt":"2026-03-02T10:00:00Z",
                 "amount":"10.00","currency":"USD","type":"REFUND"}""".formatted(customerId, source));
        ApiResponse negative = erp.post("/api/purchases", """
                {"customerId":"%s","source":"%s","erpId":"R-2","occurredAt":"2026-03-03T10:00:00Z",
                 "amount":"-5","currency":"USD"}""".formatted(customerId, source));
        ApiResponse zero = erp.post("/api/purchases", """
                {"customerId":"%s","source":"%s","erpId":"Z-1","occurredAt":"2026-03-04T10:00:00Z",
                 "amount":"0.00","currency":"USD","quantity":1}""".formatted(customerId, source));

        assertThat(typed.json().get("amount").asString()).isEqualTo("-10.00");
        assertThat(negative.json().get("type").asString()).isEqualTo("REFUND");
        assertThat(zero.status()).isEqualTo(201);
        assertThat(zero.json().get("amount").asString()).isEqualTo("0.00");
        String refundId = typed.json().get("id").asString();
        assertThat(events.awaitMatching(r -> r.event().getType().equals("crm.purchase.refunded")
                                && r.data(PurchaseRefunded.class)
                                        .purchaseId()
                                        .toString()
                                        .equals(refundId))
                        .data(PurchaseRefunded.class)
                        .amount())
                .isEqualTo("-10.00");
    }

    @Test
    void rejectsBadPurchasesNamingEveryFieldAndUnknownCustomers() {
        ApiResponse bad = erp.post("/api/purchases", """
                {"source":"%s","erpId":"B-1","occurredAt":"not a time","amount":"1","currency":"USD"}""".formatted(source));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(fields(bad.json())).containsExactly("occurredAt");

        ApiResponse several = erp.post("/api/purchases", """
                {"source":"%s","erpId":"B-2","amount":"1.23456","currency":"XYZ","type":"PURCHASE"}""".formatted(source));
        assertThat(fields(several.json())).contains("amount", "currency", "occurredAt", "customerId");

        ApiResponse unknown = erp.post("/api/purchases", """
                {"customerRef":{"source":"%s","externalId":"nobody"},"source":"%s","erpId":"B-3",
                 "occurredAt":"2026-03-01T00:00:00Z","amount":"1","currency":"USD"}""".formatted(source, source));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(fields(unknown.json())).containsExactly("customerRef");
    }

    @Test
    void aBatchRecordsEachErpIdOnceAndRejectsOnlyTheBadItemsWithTheirReason() {
        String item = """
                {"customerId":"%s","source":"%s","erpId":"B-1","occurredAt":"2026-06-01T10:00:00Z","amount":"%s",
                 "currency":"%s"}""";
        JsonNode batch = erp.post(
                        "/api/purchases/batch",
                        "{\"items\":["
                                + String.join(
                                        ",",
                                        item.formatted(customerId, source, "10.00", "USD"),
                                        item.formatted(customerId, source, "10", "USD"),
                                        item.formatted(customerId, source, "11.00", "USD"),
                                        item.formatted(UUID.randomUUID(), source, "1.00", "USD")
                                                .replace("B-1", "B-2"),
                                        item.formatted(customerId, source, "1.00", "ZZZ")
                                                .replace("B-1", "B-3"),
                                        "[1]")
                                + "]}")
                .json();

        List<String> statuses = StreamSupport.stream(batch.get("results").spliterator(), false)
                .map(r -> r.get("status").asString())
                .toList();
        assertThat(statuses).containsExactly("created", "unchanged", "rejected", "rejected", "rejected", "rejected");
        assertThat(batch.at("/results/2/problem/status").asInt()).isEqualTo(409);
        assertThat(batch.at("/results/3/problem/status").asInt()).isEqualTo(422);
        assertThat(fields(batch.at("/results/3/problem"))).containsExactly("customerId");
        assertThat(fields(batch.at("/results/4/problem"))).containsExactly("currency");
        assertThat(batch.at("/results/1/result/id")).isEqualTo(batch.at("/results/0/result/id"));
        String purchaseId = batch.at("/results/0/result/id").asString();
        events.awaitMatching(r -> r.event().getType().equals("crm.purchase.recorded")
                && r.data(PurchaseRecorded.class).purchaseId().toString().equals(purchaseId));
        assertThat(events.received())
                .filteredOn(r -> r.event().getType().equals("crm.purchase.recorded")
                        && r.data(PurchaseRecorded.class).erpId().equals("B-1")
                        && r.data(PurchaseRecorded.class).source().equals(source))
                .hasSize(1);
    }

    /**
     * From {@link PurchaseRepository#COPY_FROM} items on, a batch is copied in binary: what is stored, read back one by
     * one, is exactly what the batch answered (lines, refunds, nulls, a stripped channel), the first of two items with
     * one key is the one recorded and the other answers as the batch's statement path does.
     */
    @Test
    void aLargeBatchIsCopiedAndStoresExactlyWhatItAnswered() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < PurchaseRepository.COPY_FROM + 50; i++) {
            items.add(
                    switch (i % 3) {
                        case 0 -> """
                        {"customerId":"%s","source":"%s","erpId":"L-%d","occurredAt":"2026-05-01T10:00:00.123456Z",
                         "amount":"12.345","currency":"CNY","quantity":3,"channel":" web ",
                         "lines":[{"sku":"TEA-%d","name":"乌龙茶 \\\"特级\\\"","category":"tea","quantity":3,
                                   "unitPrice":"4.115","amount":"12.345"}]}""".formatted(customerId, source, i, i);
                        case 1 -> """
                        {"customerId":"%s","source":"%s","erpId":"L-%d","occurredAt":"2026-05-02T00:00:00Z",
                         "amount":"5.5","currency":"USD","type":"REFUND"}""".formatted(customerId, source, i);
                        default -> """
                        {"customerId":"%s","source":"%s","erpId":"L-%d","occurredAt":"2026-05-03T23:59:59Z",
                         "amount":"0","currency":"EUR"}""".formatted(customerId, source, i);
                    });
        }
        items.add(items.get(0)); // the same again
        items.add(items.get(1).replace("\"5.5\"", "\"6.5\"")); // the same key with other data

        JsonNode batch = erp.post("/api/purchases/batch", "{\"items\":[" + String.join(",", items) + "]}")
                .json();

        int n = PurchaseRepository.COPY_FROM + 50;
        assertThat(batch.at("/summary/created").asInt()).as(batch.toString()).isEqualTo(n);
        assertThat(batch.at("/results/" + n + "/status").asString()).isEqualTo("unchanged");
        assertThat(batch.at("/results/" + n + "/result/id")).isEqualTo(batch.at("/results/0/result/id"));
        assertThat(batch.at("/results/" + (n + 1) + "/status").asString()).isEqualTo("rejected");
        assertThat(batch.at("/results/" + (n + 1) + "/problem/status").asInt()).isEqualTo(409);
        for (int i = 0; i < n; i += 7) {
            JsonNode answered = batch.at("/results/" + i + "/result");
            JsonNode stored =
                    erp.get("/api/purchases/" + answered.get("id").asString()).json();
            assertThat(stored).as("item %d", i).isEqualTo(answered);
        }
        assertThat(batch.at("/results/0/result/channel").asString()).isEqualTo("web");
        assertThat(batch.at("/results/1/result/amount").asString()).startsWith("-5.5");
    }

    @Test
    void listsACustomersPurchasesNewestFirstAcrossPagesWithDateFilters() {
        StringBuilder items = new StringBuilder();
        for (int day = 1; day <= 9; day++) {
            items.append(day > 1 ? "," : "").append("""
                    {"customerId":"%s","source":"%s","erpId":"P-%d","occurredAt":"2026-04-0%dT12:00:00Z",
                     "amount":"%d.00","currency":"EUR"}""".formatted(customerId, source, day, day, day));
        }
        JsonNode batch =
                erp.post("/api/purchases/batch", "{\"items\":[" + items + "]}").json();
        assertThat(batch.at("/summary/created").asInt()).isEqualTo(9);

        List<String> erpIds = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = erp.get("/api/purchases?customerId=" + customerId + "&limit=4&from=2026-04-02T00:00:00Z"
                            + "&to=2026-04-09T00:00:00Z" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.get("items").forEach(p -> erpIds.add(p.get("erpId").asString()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);

        assertThat(erpIds).containsExactly("P-8", "P-7", "P-6", "P-5", "P-4", "P-3", "P-2");
    }

    private static List<String> fields(JsonNode problem) {
        return StreamSupport.stream(problem.path("errors").spliterator(), false)
                .map(e -> e.get("field").asString())
                .toList();
    }
}
