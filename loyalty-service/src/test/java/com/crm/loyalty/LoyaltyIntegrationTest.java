package com.crm.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.purchase.PurchaseLine;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.purchase.PurchaseRefunded;
import com.crm.test.ApiClient;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestEvents;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * loyalty-service on real PostgreSQL and Kafka; integration tests extend this and share one Spring context. The
 * scheduled expiry and level review wait an hour here: tests run them when they mean to.
 */
@CrmServiceTest(properties = {"crm.loyalty.expiry-initial-delay=PT1H", "crm.loyalty.level-review-initial-delay=PT1H"})
public abstract class LoyaltyIntegrationTest {

    protected static final String CUSTOMER_SERVICE = "/crm/customer-service";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected ApiClient anonymous;
    protected ApiClient reader;
    protected ApiClient writer;
    protected ApiClient admin;
    protected ApiClient configurer;

    @BeforeEach
    void clients() {
        anonymous = ApiClient.of("http://localhost:" + port);
        reader = anonymous.withToken(TestTokens.withScopes("crm.read"));
        writer = anonymous.withToken(TestTokens.withScopes("crm.read", "crm.write"));
        admin = anonymous.withToken(TestTokens.withScopes("crm.admin"));
        configurer = anonymous.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.config"));
    }

    protected static CrmEventCodec.EncodedEvent purchase(UUID customer, UUID purchase, String amount, Instant at) {
        return purchase(customer, purchase, amount, at, null, List.of());
    }

    protected static CrmEventCodec.EncodedEvent purchase(
            UUID customer, UUID purchase, String amount, Instant at, String channel, List<PurchaseLine> lines) {
        return TestEvents.publish(
                CUSTOMER_SERVICE,
                new PurchaseRecorded(customer, purchase, "erp", "E-" + purchase, at, amount, "CNY", 1, channel, lines));
    }

    protected static CrmEventCodec.EncodedEvent refund(UUID customer, UUID refund, String amount, Instant at) {
        return TestEvents.publish(
                CUSTOMER_SERVICE,
                new PurchaseRefunded(customer, refund, "erp", "R-" + refund, at, amount, "CNY", -1, null, List.of()));
    }

    protected static void registered(UUID customer, String owner, String team) {
        Instant now = Instant.now();
        TestEvents.publish(
                CUSTOMER_SERVICE,
                new CustomerRegistered(
                        customer,
                        new CustomerSnapshot(
                                customer, "PERSON", null, null, null, null, List.of(), owner, Map.of(), now, now, 1,
                                null, team)));
    }

    /** Enrols the customer explicitly (201). */
    protected void enrol(UUID customer) {
        assertThat(writer.post("/api/loyalty/members", "{\"customerId\":\"" + customer + "\"}")
                        .status())
                .isEqualTo(201);
    }

    protected void awaitAccrued(UUID purchaseId) {
        await(() -> jdbc.sql("select count(*) from purchase_accrual where purchase_id = :p")
                        .param("p", purchaseId)
                        .query(Long.class)
                        .single()
                == 1);
    }

    protected void awaitRefunded(UUID refundId) {
        await(() -> jdbc.sql("select count(*) from purchase_refund where refund_id = :r")
                        .param("r", refundId)
                        .query(Long.class)
                        .single()
                == 1);
    }

    protected static void await(BooleanSupplier condition) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(condition::getAsBoolean);
    }

    protected long balance(UUID customer) {
        return jdbc.sql("select balance from loyalty_member where customer_id = :c")
                .param("c", customer)
                .query(Long.class)
                .single();
    }

    /**
     * Every member's stored balance is the sum of its journal and of its lots' remaining points. Aggregated once per
     * table, not per member: right after a bulk load (the benchmark) the tables have no statistics yet, and a
     * correlated sum per member then scans the table per member.
     */
    protected void assertLedgerInvariant() {
        List<String> broken = jdbc.sql("""
                        select m.member_number from loyalty_member m
                        left join (select member_id, sum(points) as points from points_entry group by member_id) e
                            on e.member_id = m.id
                        left join (select member_id, sum(remaining) as points from points_lot group by member_id) l
                            on l.member_id = m.id
                        where m.balance <> coalesce(e.points, 0)
                           or m.balance <> coalesce(l.points, 0)
                           or m.balance < 0""").query(String.class).list();
        assertThat(broken)
                .as("members whose balance is not the journal's and the lots' sum")
                .isEmpty();
    }
}
