package com.crm.interaction.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.interaction.TestCustomers;
import com.crm.test.ApiClient;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An Idempotency-Key whose first request never answered (its instance died mid-request, its transaction rolled
 * back) does not block the key for good: a retry of the same request after the lease is processed; a retry within
 * the lease is told the first one is still running. A write never commits without its stored answer, so a retry
 * can never apply it twice.
 */
@CrmServiceTest
class IdempotencyLeaseIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient agent(String key) {
        return ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write"))
                .withHeader("Idempotency-Key", key);
    }

    private String inbound(UUID customer) {
        return """
                {"customerId":"%s","channel":"EMAIL","direction":"INBOUND","type":"INQUIRY","externalId":"mail-%s"}""".formatted(customer, customer);
    }

    /** Makes the key look as if its first request had started {@code secondsAgo} and never answered. */
    private void abandon(String key, int secondsAgo) {
        assertThat(jdbc.sql("""
                        update crm_idempotency set status = null, content_type = null, location = null, etag = null,
                          body = null, created_at = now() - make_interval(secs => :ago) where key = :key""").param("ago", secondsAgo).param("key", key).update())
                .isEqualTo(1);
    }

    @Test
    void aRetryAfterTheLeaseTakesOverAKeyWhoseFirstRequestNeverAnswered() {
        UUID customer = TestCustomers.register(jdbc, Map.of(), TestCustomers.zoneWhereLocalHourIs(12));
        String key = "lease-" + UUID.randomUUID();
        assertThat(agent(key).post("/api/interactions", inbound(customer)).status())
                .isEqualTo(201);

        abandon(key, 5);
        var tooSoon = agent(key).post("/api/interactions", inbound(customer));
        assertThat(tooSoon.status())
                .as("within the lease the first request may still be running")
                .isEqualTo(409);

        abandon(key, 120);
        var retried = agent(key).post("/api/interactions", inbound(customer));
        assertThat(retried.status())
                .as("after the lease the retry is processed")
                .isIn(200, 201);
        assertThat(jdbc.sql("select status from crm_idempotency where key = :key")
                        .param("key", key)
                        .query(Integer.class)
                        .single())
                .isEqualTo(retried.status());
        assertThat(jdbc.sql("select count(*) from interaction where customer_id = :id")
                        .param("id", customer)
                        .query(Long.class)
                        .single())
                .as("the external id keeps it at one")
                .isEqualTo(1);
    }

    @Test
    void aWriteWhoseAnswerCannotBeStoredIsUndoneAndTheRetryAppliesItOnce() {
        UUID customer = TestCustomers.register(jdbc, Map.of(), TestCustomers.zoneWhereLocalHourIs(12));
        String key = "atomic-" + UUID.randomUUID();
        // storing this key's answer fails, as when the database goes away right after the write
        jdbc.sql("""
                        create or replace function refuse_answer() returns trigger language plpgsql as $$
                        begin
                          if new.key like 'atomic-%' and new.status is not null then
                            raise exception 'answer not stored';
                          end if;
                          return new;
                        end $$""").update();
        jdbc.sql("create trigger refuse_answer before update on crm_idempotency for each row "
                        + "execute function refuse_answer()")
                .update();
        try {
            var failed = agent(key).post("/api/interactions", inbound(customer));
            assertThat(failed.status()).as(failed.toString()).isGreaterThanOrEqualTo(500);
            assertThat(interactions(customer))
                    .as("the write is undone with its answer")
                    .isZero();
            assertThat(jdbc.sql("select count(*) from crm_idempotency where key = :key")
                            .param("key", key)
                            .query(Long.class)
                            .single())
                    .as("the key is free for the retry")
                    .isZero();
        } finally {
            jdbc.sql("drop trigger refuse_answer on crm_idempotency").update();
        }

        var retried = agent(key).post("/api/interactions", inbound(customer));
        assertThat(retried.status()).isEqualTo(201);
        var replayed = agent(key).post("/api/interactions", inbound(customer));
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(interactions(customer)).isEqualTo(1);
    }

    private long interactions(UUID customer) {
        return jdbc.sql("select count(*) from interaction where customer_id = :id")
                .param("id", customer)
                .query(Long.class)
                .single();
    }
}
