package com.crm.customer.purchase;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.CrmServiceTest;
import com.crm.test.Datasets;
import com.crm.test.TestTokens;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The real CDNOW purchase history (2,357 customers, 6,919 lines, some of 0.00) imported through the batch APIs
 * the way an ERP integrator would: every customer and every line arrives exactly once, and importing it all
 * again changes nothing.
 */
@CrmServiceTest
class CdnowImportIntegrationTest {

    private static final String SOURCE = "cdnow";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private record Line(int number, String customer, String date, int quantity, String amount) {}

    @Test
    void importsEveryCustomerAndPurchaseLineExactlyOnce() throws IOException {
        List<Line> lines = new ArrayList<>();
        int n = 0;
        for (String row : Files.readAllLines(Datasets.path("cdnow/CDNOW_sample.txt"))) {
            if (row.isBlank()) {
                continue;
            }
            String[] f = row.trim().split("\\s+");
            lines.add(new Line(++n, f[1], f[2], Integer.parseInt(f[3]), f[4]));
        }
        Set<String> customers = lines.stream().map(Line::customer).collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(customers).hasSize(2357);
        assertThat(lines).hasSize(6919);
        ApiClient erp = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.integration"));

        assertThat(importAll(erp, customers, lines))
                .containsEntry("customers.created", 2357)
                .containsEntry("purchases.created", 6919)
                .doesNotContainKeys("customers.rejected", "purchases.rejected");
        long events = purchaseEvents();

        assertThat(jdbc.sql("select count(*) from customer_external_ref where source = :s")
                        .param("s", SOURCE)
                        .query(Long.class)
                        .single())
                .isEqualTo(2357);
        assertThat(jdbc.sql("select count(*), count(distinct customer_id), sum(amount) from purchase where source = :s")
                        .param("s", SOURCE)
                        .query((rs, i) -> List.of(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3)))
                        .single())
                .containsExactly(
                        6919L,
                        2357L,
                        lines.stream()
                                .map(l -> new BigDecimal(l.amount()))
                                .reduce(BigDecimal.ZERO, BigDecimal::add)
                                .setScale(4));
        assertThat(jdbc.sql("select count(*) from purchase where source = :s and amount = 0")
                        .param("s", SOURCE)
                        .query(Long.class)
                        .single())
                .isEqualTo(lines.stream()
                        .filter(l -> new BigDecimal(l.amount()).signum() == 0)
                        .count())
                .isPositive();

        assertThat(importAll(erp, customers, lines))
                .as("a re-sent import is a no-op")
                .containsEntry("customers.unchanged", 2357)
                .containsEntry("purchases.unchanged", 6919)
                .hasSize(2);
        assertThat(purchaseEvents()).isEqualTo(events);
    }

    private long purchaseEvents() {
        return jdbc.sql("select count(*) from crm_outbox where topic = 'crm.purchase.v1'")
                .query(Long.class)
                .single();
    }

    private Map<String, Integer> importAll(ApiClient erp, Set<String> customers, List<Line> lines) {
        var summary = new TreeMap<String, Integer>();
        List<String> customerItems =
                customers.stream().map(id -> """
                {"source":"%s","externalId":"%s","customer":{"type":"PERSON","displayName":"CDNOW customer %s"}}""".formatted(SOURCE, id, id)).toList();
        send(erp, "/api/customers/batch", customerItems, "customers", summary);
        List<String> purchaseItems = lines.stream()
                .map(l -> """
                {"customerRef":{"source":"%s","externalId":"%s"},"source":"%s","erpId":"line-%d",
                 "occurredAt":"%s-%s-%sT00:00:00Z","amount":"%s","currency":"USD","quantity":%d,"channel":"online"}""".formatted(
                                SOURCE,
                                l.customer(),
                                SOURCE,
                                l.number(),
                                l.date().substring(0, 4),
                                l.date().substring(4, 6),
                                l.date().substring(6),
                                l.amount(),
                                l.quantity()))
                .toList();
        send(erp, "/api/purchases/batch", purchaseItems, "purchases", summary);
        return summary;
    }

    private static void send(
            ApiClient erp, String path, List<String> items, String kind, Map<String, Integer> summary) {
        for (int from = 0; from < items.size(); from += 1000) {
            var response = erp.post(
                    path,
                    "{\"items\":[" + String.join(",", items.subList(from, Math.min(items.size(), from + 1000))) + "]}");
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode body = response.json();
            body.get("summary")
                    .properties()
                    .forEach(e ->
                            summary.merge(kind + "." + e.getKey(), e.getValue().asInt(), Integer::sum));
        }
    }
}
