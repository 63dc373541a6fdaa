package com.crm.customer.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.test.ApiClient;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.io.StringReader;
import java.sql.Connection;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Import job speed against PostgreSQL's COPY of the same rows in the same database (opt-in, not part of the build's
 * tests): N customers and 10·N purchases as two NDJSON import jobs through the service's API (every row validated,
 * events written to the outbox and relayed to Kafka until none is pending), then the same rows as CSV with
 * {@code COPY} into two scratch tables with primary keys. A warm-up first imports 2,000 other customers and their
 * purchases the same way ({@code -Dimport.bench.warm-up}, 0 for none), as a running service has compiled its import
 * path long before. The stack-wide figure through the gateway comes from
 * {@code bench/run-import.sh --mode=job}.
 *
 * <pre>
 * ./mvnw -B -o -q verify -pl customer-service -Dtest=ImportJobBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dimport.bench.customers=20000
 * </pre>
 */
@CrmServiceTest
@EnabledIfSystemProperty(named = "import.bench.customers", matches = "\\d+")
class ImportJobBenchmark {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void importJobsAgainstCopy() throws Exception {
        int n = Integer.parseInt(System.getProperty("import.bench.customers"));
        int warmUp = Integer.getInteger("import.bench.warm-up", 2_000);
        ApiClient erp = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.integration"));
        if (warmUp > 0) {
            // a running service has compiled its import path long before: the timed jobs should not pay for that
            Files warm = files(warmUp);
            run(erp, "CUSTOMERS", warm.customers());
            run(erp, "PURCHASES", warm.purchases());
            awaitRelayed();
            // and its background work (risk scores, duplicate checks) done, so that the timed jobs do not share it
            await().atMost(Duration.ofMinutes(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> jdbc.sql(
                                            "select (select count(*) from risk_dirty) + (select count(*) from duplicate_check)")
                                    .query(Long.class)
                                    .single()
                            == 0);
        }
        Files files = files(n);
        long start = System.nanoTime();
        JsonNode c = run(erp, "CUSTOMERS", files.customers());
        long customersDone = System.nanoTime();
        JsonNode p = run(erp, "PURCHASES", files.purchases());
        long written = System.nanoTime();
        awaitRelayed();
        long relayed = System.nanoTime();
        assertThat(c.at("/counts/created").asInt()).isEqualTo(n);
        assertThat(p.at("/counts/created").asInt()).isEqualTo(10 * n);

        long copyStart = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("""
                    create table bench_customer (source text, external_id text, type text, name text, email text,
                      primary key (source, external_id));
                    create table bench_purchase (source text, erp_id text, customer text, occurred_at timestamptz,
                      amount numeric, currency text, quantity int, primary key (source, erp_id))""");
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("copy bench_customer from stdin with (format csv)", new StringReader(files.customerCsv()));
            copy.copyIn("copy bench_purchase from stdin with (format csv)", new StringReader(files.purchaseCsv()));
        }
        long copyEnd = System.nanoTime();
        jdbc.sql("drop table bench_customer, bench_purchase").update();

        double rows = 11.0 * n;
        double apiSeconds = (relayed - start) / 1e9;
        double copySeconds = (copyEnd - copyStart) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "IMPORT BENCH rows %,.0f | jobs %.1f s (customers %,.0f/s, purchases %,.0f/s, written %.1f s, events "
                        + "relayed +%.1f s) = %,.0f rows/s | COPY %.2f s = %,.0f rows/s | ratio %.3f%n",
                rows,
                apiSeconds,
                n / ((customersDone - start) / 1e9),
                10 * n / ((written - customersDone) / 1e9),
                (written - start) / 1e9,
                (relayed - written) / 1e9,
                rows / apiSeconds,
                copySeconds,
                rows / copySeconds,
                (rows / apiSeconds) / (rows / copySeconds));
    }

    /** N customers and 10·N purchases of a new source: NDJSON for the jobs, CSV for COPY. */
    private record Files(String customers, String purchases, String customerCsv, String purchaseCsv) {}

    private static Files files(int n) {
        String source = "bench" + UUID.randomUUID().toString().substring(0, 6);
        StringBuilder customers = new StringBuilder();
        StringBuilder purchases = new StringBuilder();
        StringBuilder customerCsv = new StringBuilder();
        StringBuilder purchaseCsv = new StringBuilder();
        for (int c = 0; c < n; c++) {
            String email = "c" + c + "@" + source + ".example.com";
            customers
                    .append("{\"source\":\"")
                    .append(source)
                    .append("\",\"externalId\":\"C")
                    .append(c)
                    .append("\",\"customer\":{\"type\":\"PERSON\",\"displayName\":\"Bench Customer ")
                    .append(c)
                    .append("\",\"emails\":[{\"address\":\"")
                    .append(email)
                    .append("\"}]}}\n");
            customerCsv
                    .append(source)
                    .append(",C")
                    .append(c)
                    .append(",PERSON,Bench Customer ")
                    .append(c)
                    .append(',')
                    .append(email)
                    .append('\n');
            for (int p = 0; p < 10; p++) {
                purchases
                        .append("{\"customerRef\":{\"source\":\"")
                        .append(source)
                        .append("\",\"externalId\":\"C")
                        .append(c)
                        .append("\"},\"source\":\"")
                        .append(source)
                        .append("\",\"erpId\":\"P")
                        .append(c)
                        .append('-')
                        .append(p)
                        .append("\",\"occurredAt\":\"2026-0")
                        .append(1 + p % 9)
                        .append("-01T10:00:00Z\",\"amount\":\"")
                        .append(10 + p)
                        .append(".50\",\"currency\":\"USD\"," + "\"quantity\":1}\n");
                purchaseCsv
                        .append(source)
                        .append(",P")
                        .append(c)
                        .append('-')
                        .append(p)
                        .append(",C")
                        .append(c)
                        .append(",2026-01-01T10:00:00Z,")
                        .append(10 + p)
                        .append(".50,USD,1\n");
            }
        }
        return new Files(customers.toString(), purchases.toString(), customerCsv.toString(), purchaseCsv.toString());
    }

    private void awaitRelayed() {
        await().atMost(Duration.ofMinutes(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.sql("select count(*) from crm_outbox where published_at is null")
                                .query(Long.class)
                                .single()
                        == 0);
    }

    private static JsonNode run(ApiClient erp, String object, String file) {
        String id = erp.post("/api/imports", "{\"object\":\"" + object + "\",\"format\":\"NDJSON\"}")
                .json()
                .get("id")
                .asString();
        assertThat(erp.send("PUT", "/api/imports/" + id + "/data", file, "application/x-ndjson")
                        .status())
                .isEqualTo(200);
        return await().atMost(Duration.ofMinutes(30))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> erp.get("/api/imports/" + id).json(),
                        j -> j.get("status").asString().equals("COMPLETED"));
    }
}
