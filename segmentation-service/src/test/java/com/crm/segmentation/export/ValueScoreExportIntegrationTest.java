package com.crm.segmentation.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The value-score export equals the table row for row (active customers only), as NDJSON and CSV, incrementally
 * with updatedSince; it needs crm.export and sight of every customer.
 */
@CrmServiceTest
class ValueScoreExportIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private void customer(UUID id, String status, String tier, Instant updatedAt) {
        created.add(id);
        jdbc.sql("""
                        insert into customer_profile (customer_id, status, type, updated_at)
                        values (:id, :status, 'PERSON', now())""").param("id", id).param("status", status).update();
        jdbc.sql("""
                        insert into customer_value (customer_id, tier, clv, p_alive, stage, stage_reason, updated_at)
                        values (:id, :tier, 123.5, 0.75, 'MATURE', 'test, with "quotes"', :at)""")
                .param("id", id)
                .param("tier", tier)
                .param("at", java.sql.Timestamp.from(updatedAt))
                .update();
    }

    private final List<UUID> created = new ArrayList<>();

    /** Other tests of this context run full recomputes over these tables: leave nothing of this one behind. */
    @AfterEach
    void forget() {
        if (!created.isEmpty()) {
            jdbc.sql("delete from customer_value where customer_id in (:ids)")
                    .param("ids", created)
                    .update();
            jdbc.sql("delete from customer_profile where customer_id in (:ids)")
                    .param("ids", created)
                    .update();
        }
    }

    @Test
    void exportsEveryActiveCustomersScoresAsNdjsonAndCsvFromOneSnapshot() {
        Instant old = Instant.now().minus(10, ChronoUnit.DAYS);
        Instant recent = Instant.now().minus(1, ChronoUnit.HOURS);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID erased = UUID.randomUUID();
        customer(a, "ACTIVE", "S", old);
        customer(b, "ACTIVE", "B", recent);
        customer(erased, "ERASED", "A", recent);
        ApiClient exporter =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.export"));

        ApiResponse ndjson = exporter.get("/api/segmentation/exports/value-scores");
        assertThat(ndjson.status()).as(ndjson.body()).isEqualTo(200);
        assertThat(ndjson.contentType()).startsWith("application/x-ndjson");
        List<JsonNode> rows = new ArrayList<>();
        for (String line : ndjson.body().split("\n")) {
            rows.add(JSON.readTree(line));
        }
        long active = jdbc.sql("""
                        select count(*) from customer_value v join customer_profile p on p.customer_id = v.customer_id
                        where p.status = 'ACTIVE'""").query(Long.class).single();
        assertThat(rows).hasSize((int) active);
        JsonNode first = rows.stream()
                .filter(r -> r.get("customerId").asString().equals(a.toString()))
                .findFirst()
                .orElseThrow();
        assertThat(first.get("tier").asString()).isEqualTo("S");
        assertThat(first.get("clv").asDouble()).isEqualTo(123.5);
        assertThat(first.get("lifecycleStage").asString()).isEqualTo("MATURE");
        assertThat(ndjson.body()).doesNotContain(erased.toString());

        ApiResponse incremental = exporter.get("/api/segmentation/exports/value-scores?format=csv&updatedSince="
                + recent.minus(1, ChronoUnit.MINUTES));
        assertThat(incremental.status()).isEqualTo(200);
        assertThat(incremental.contentType()).startsWith("text/csv");
        String[] lines = incremental.body().split("\n");
        assertThat(lines[0]).startsWith("customerId,tier,clv,");
        assertThat(incremental.body()).contains(b.toString()).doesNotContain(a.toString(), erased.toString());

        ApiResponse badFormat = exporter.get("/api/segmentation/exports/value-scores?format=xml");
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.body()).contains("format");
        ApiClient reader = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read"));
        assertThat(reader.get("/api/segmentation/exports/value-scores").status())
                .isEqualTo(403);
        ApiClient agent = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.forUser("alice", "agent", "north", "crm.read", "crm.export"));
        assertThat(agent.get("/api/segmentation/exports/value-scores").status())
                .as("a person who does not see every customer")
                .isEqualTo(403);
    }
}
