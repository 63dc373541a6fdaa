package com.crm.customer.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marking a customer never waits on the sweep: a sweep that has taken a customer's marks holds them until its
 * transaction ends, and a purchase (or an import chunk) marking the same customer meanwhile goes on and its mark
 * stays for the next sweep.
 */
@CrmServiceTest
class RiskMarksIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RiskRepository risks;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aMarkDoesNotWaitForTheSweepThatTookTheCustomer() throws Exception {
        ApiResponse created = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.forClient("crm-erp-integrator", "crm.read", "crm.write", "crm.integration"))
                .post("/api/customers", """
                        {"type":"PERSON","givenName":"Marked"}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(created.json().get("id").asString());
        await().atMost(Duration.ofSeconds(30)).until(() -> marks(id) == 0 && scoredAt(id) != null);
        Instant firstScore = scoredAt(id);

        // threads of their own: the common pool may have a single thread on a small machine
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // what a sweep holds while it scores: the customer's row and its deleted marks, until it commits
        CompletableFuture<Void> sweep = CompletableFuture.runAsync(
                () -> transactions.executeWithoutResult(tx -> {
                    jdbc.sql("select id from customer where id = :id for no key update")
                            .param("id", id)
                            .query(UUID.class)
                            .single();
                    jdbc.sql("insert into risk_dirty (customer_id, marked_at) values (:id, now())")
                            .param("id", id)
                            .update();
                    jdbc.sql("delete from risk_dirty where customer_id = :id")
                            .param("id", id)
                            .update();
                    taken.countDown();
                    try {
                        release.await(1, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }),
                threads);
        try {
            assertThat(taken.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> mark =
                    CompletableFuture.runAsync(() -> risks.markDirty(List.of(id), Instant.now()), threads);
            await().atMost(Duration.ofSeconds(10)).until(mark::isDone);
            assertThat(mark).isNotCompletedExceptionally();
            assertThat(sweep).isNotDone();
            assertThat(marks(id)).isEqualTo(1);
        } finally {
            release.countDown();
            threads.shutdown();
        }
        sweep.get(30, TimeUnit.SECONDS);
        // the mark made while the sweep held the customer is still there for the next sweep, which takes it
        await().atMost(Duration.ofSeconds(30))
                .until(() -> marks(id) == 0 && scoredAt(id).isAfter(firstScore));
    }

    private Instant scoredAt(UUID id) {
        return jdbc.sql("select computed_at from risk_score where customer_id = :id")
                .param("id", id)
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional()
                .orElse(null);
    }

    private long marks(UUID id) {
        return jdbc.sql("select count(*) from risk_dirty where customer_id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }
}
