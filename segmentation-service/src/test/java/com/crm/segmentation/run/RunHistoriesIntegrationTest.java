package com.crm.segmentation.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.purchase.PurchaseRefunded;
import com.crm.segmentation.TestEvents;
import com.crm.test.CrmServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A run as of today reads its buyers' histories from the consumers' metrics (one row a customer) and the same as
 * grouping the whole ledger would: same-day purchases, refunds on a purchase day and on a day without one, an inactive
 * customer, an erased one (its purchases, under a random id, for the fits only); a run as of an earlier day, which the
 * metrics cannot answer, groups the ledger. Prospects (no purchase yet) come from the same source.
 */
@CrmServiceTest
class RunHistoriesIntegrationTest {

    private static final String SOURCE = "/crm/customer-service";

    @Autowired
    RunRepository runs;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theMetricsGiveTheHistoriesTheLedgerGives() {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(12, ChronoUnit.HOURS);
        UUID regular = customer();
        UUID refunded = customer();
        UUID once = customer();
        UUID erased = customer();
        UUID erasedPurchase = UUID.randomUUID();
        UUID prospect = customer();
        purchase(regular, UUID.randomUUID(), today.minus(300, ChronoUnit.DAYS), "120.50");
        purchase(regular, UUID.randomUUID(), today.minus(300, ChronoUnit.DAYS).plusSeconds(3600), "30.25");
        purchase(regular, UUID.randomUUID(), today.minus(120, ChronoUnit.DAYS), "80.00");
        purchase(regular, UUID.randomUUID(), today.minus(10, ChronoUnit.DAYS), "99.99");
        UUID returned = UUID.randomUUID();
        purchase(refunded, returned, today.minus(200, ChronoUnit.DAYS), "500.00");
        purchase(refunded, UUID.randomUUID(), today.minus(50, ChronoUnit.DAYS), "60.00");
        purchase(refunded, UUID.randomUUID(), today.minus(20, ChronoUnit.DAYS), "45.00");
        // a refund on a day with a purchase counts in that day's spend; one on a day without a purchase does not
        refund(refunded, UUID.randomUUID(), today.minus(20, ChronoUnit.DAYS).plusSeconds(60), "-15.00");
        refund(refunded, returned, today.minus(5, ChronoUnit.DAYS), "-200.00");
        purchase(once, UUID.randomUUID(), today.minus(40, ChronoUnit.DAYS), "12.00");
        purchase(erased, erasedPurchase, today.minus(400, ChronoUnit.DAYS), "70.00");
        purchase(erased, UUID.randomUUID(), today.minus(100, ChronoUnit.DAYS), "90.00");
        TestEvents.flush();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> purchaseDays(regular) == 3
                        && purchaseDays(refunded) == 3
                        && purchaseDays(once) == 1
                        && purchaseDays(erased) == 2
                        && ledgerRows(refunded) == 5);
        TestEvents.publish(SOURCE, new CustomerErased(erased, Instant.now()));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("select count(*) from purchase where purchase_id = :p and anonymous")
                                .param("p", erasedPurchase)
                                .query(Long.class)
                                .single()
                        == 1);
        UUID anonymous = jdbc.sql("select customer_id from purchase where purchase_id = :p")
                .param("p", erasedPurchase)
                .query(UUID.class)
                .single();

        LocalDate end = LocalDate.ofInstant(today, ZoneOffset.UTC);
        assertThat(runs.metricsCover(end)).isTrue();
        Set<UUID> ours = Set.of(regular, refunded, once, anonymous);
        Map<UUID, CustomerHistory> fromMetrics = ours(runs.histories(end, true), ours);
        Map<UUID, CustomerHistory> fromLedger = ours(runs.histories(end, false), ours);
        assertThat(fromMetrics.keySet()).containsExactlyInAnyOrderElementsOf(ours);
        assertThat(fromLedger.keySet()).containsExactlyInAnyOrderElementsOf(ours);
        for (UUID id : ours) {
            CustomerHistory m = fromMetrics.get(id);
            CustomerHistory l = fromLedger.get(id);
            assertThat(m)
                    .usingRecursiveComparison()
                    .ignoringFields("totalSpend", "repeatMeanSpend")
                    .isEqualTo(l);
            assertThat(m.totalSpend()).isCloseTo(l.totalSpend(), within(1e-4));
            // the metrics keep the repeat mean to four decimals
            assertThat(m.repeatMeanSpend()).isCloseTo(l.repeatMeanSpend(), within(1e-4));
        }
        CustomerHistory r = fromMetrics.get(refunded);
        assertThat(r.purchaseDays()).isEqualTo(3);
        assertThat(r.totalSpend())
                .as("500 + 60 + (45 - 15); the refund of 200 fell on a day without a purchase")
                .isCloseTo(590.0, within(1e-9));
        assertThat(fromMetrics.get(regular).totalSpend()).isCloseTo(330.74, within(1e-9));
        assertThat(fromMetrics.get(regular).repeatMeanSpend()).isCloseTo((80.00 + 99.99) / 2, within(1e-4));
        assertThat(fromMetrics.get(anonymous).scored()).isFalse();
        assertThat(fromMetrics.get(regular).scored()).isTrue();

        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("select count(*) from customer_profile where customer_id = :c")
                                .param("c", prospect)
                                .query(Long.class)
                                .single()
                        == 1);
        assertThat(runs.prospects(end, true)).contains(prospect).doesNotContain(regular, refunded, once, erased);

        // as of a day before the latest ledger rows, the metrics say more than such a run may see
        LocalDate earlier = end.minusDays(30);
        assertThat(runs.metricsCover(earlier)).isFalse();
        CustomerHistory asOfEarlier = ours(runs.histories(earlier, false), ours).get(regular);
        assertThat(asOfEarlier.purchaseDays()).isEqualTo(2);
        assertThat(asOfEarlier.totalSpend()).isCloseTo(230.75, within(1e-9));
        assertThat(runs.prospects(earlier, false)).contains(prospect).doesNotContain(regular, refunded, once);
    }

    private static Map<UUID, CustomerHistory> ours(List<CustomerHistory> histories, Set<UUID> ours) {
        return histories.stream()
                .filter(h -> ours.contains(h.customerId()))
                .collect(Collectors.toMap(CustomerHistory::customerId, Function.identity()));
    }

    private long purchaseDays(UUID id) {
        return jdbc.sql("select coalesce(max(purchase_days), 0) from customer_metrics where customer_id = :c")
                .param("c", id)
                .query(Long.class)
                .single();
    }

    private long ledgerRows(UUID id) {
        return jdbc.sql("select count(*) from purchase where customer_id = :c")
                .param("c", id)
                .query(Long.class)
                .single();
    }

    private static UUID customer() {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        TestEvents.publish(
                SOURCE,
                new CustomerRegistered(
                        id,
                        new CustomerSnapshot(
                                id,
                                "PERSON",
                                null,
                                null,
                                "retail",
                                "CN-31",
                                List.of(),
                                null,
                                Map.of(),
                                now,
                                now,
                                1,
                                "Asia/Shanghai")));
        return id;
    }

    private static void purchase(UUID customer, UUID purchase, Instant at, String amount) {
        TestEvents.sendAsync(
                SOURCE, new PurchaseRecorded(customer, purchase, "erp", null, at, amount, "CNY", 1, "store", null));
    }

    private static void refund(UUID customer, UUID purchase, Instant at, String amount) {
        TestEvents.sendAsync(
                SOURCE, new PurchaseRefunded(customer, purchase, "erp", null, at, amount, "CNY", 1, "store", null));
    }
}
