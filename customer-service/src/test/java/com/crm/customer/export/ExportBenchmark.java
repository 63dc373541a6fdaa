package com.crm.customer.export;

import com.crm.support.export.BulkExport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.OutputStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Bulk export speed against PostgreSQL's own {@code COPY ... TO STDOUT} of the same rows (opt-in, not part of the
 * build's tests): an embedded PostgreSQL with customer-service's schema, {@code export.bench.customers} customers
 * (default 1,000,000; two e-mails, a phone, an address, tags, consents and an external reference each) and three
 * purchases per customer, inserted set-based; then each export streamed to a discarding stream as the service streams
 * it, best of three, against {@code COPY table TO STDOUT} (text format) of the same rows.
 *
 * <pre>
 * ./mvnw -B -o -q test -pl customer-service -Dtest=ExportBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dexport.bench.customers=1000000
 * </pre>
 */
@EnabledIfSystemProperty(named = "export.bench.customers", matches = "\\d+")
class ExportBenchmark {

    @Test
    void exportSpeedAgainstCopy() throws Exception {
        int n = Integer.parseInt(System.getProperty("export.bench.customers", "1000000"));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DataSource ds = pg.getPostgresDatabase();
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    // as the service (application.yml): V33 builds its indexes concurrently
                    .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                    .load()
                    .migrate();
            JdbcClient jdbc = JdbcClient.create(ds);
            long t0 = System.nanoTime();
            seed(jdbc, n);
            System.out.printf("seeded %,d customers and %,d purchases in %.1f s%n", n, 3L * n, seconds(t0));

            ExportRepository queries = new ExportRepository();
            // serial (the database's one backend renders every row) and parallel (the service's default), side by side
            for (int workers : new int[] {0, Integer.getInteger("export.bench.parallel-workers", 2)}) {
                System.out.printf("parallel workers: %d%n", workers);
                BulkExport export = new BulkExport(
                        ds, Duration.ZERO, null, null, workers, Integer.getInteger("export.bench.work-mem-mb", 64));
                compare(
                        ds,
                        export,
                        "customers",
                        "copy (select * from customer where status = 'ACTIVE') to stdout",
                        queries.customers(null));
                compare(ds, export, "purchases", "copy purchase to stdout", queries.purchases(null));
            }
        }
    }

    private static void compare(DataSource ds, BulkExport export, String what, String copy, String select)
            throws Exception {
        double copySeconds = best(() -> {
            try (Connection c = ds.getConnection()) {
                return c.unwrap(PGConnection.class).getCopyAPI().copyOut(copy, OutputStream.nullOutputStream());
            }
        });
        for (BulkExport.Format format : BulkExport.Format.values()) {
            double[] rows = new double[1];
            double exportSeconds = best(() -> {
                long written = export.stream(select, format, OutputStream.nullOutputStream());
                rows[0] = written;
                return written;
            });
            System.out.printf(
                    "%-10s %-7s export %6.2f s (%,.0f rows)  COPY TO %6.2f s  ratio %.2f× COPY%n",
                    what, format, exportSeconds, rows[0], copySeconds, copySeconds / exportSeconds);
        }
    }

    private interface Timed {
        long run() throws Exception;
    }

    private static double best(Timed timed) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            timed.run();
            best = Math.min(best, seconds(start));
        }
        return best;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void seed(JdbcClient jdbc, int n) {
        jdbc.sql("""
                        insert into customer (id, type, display_name, given_name, family_name, emails, email_keys, phones,
                          phone_keys, addresses, company, region, tags, owner_id, team_id, consents, created_at,
                          updated_at, version, status)
                        select cast(md5(i::text) as uuid), 'PERSON', 'Person ' || i, 'Person', 'No ' || i,
                          jsonb_build_array(jsonb_build_object('address', 'user' || i || '@example.com', 'primary', true),
                                            jsonb_build_object('address', 'work' || i || '@example.com', 'primary', false)),
                          array['user' || i || '@example.com', 'work' || i || '@example.com'],
                          jsonb_build_array(jsonb_build_object('number', '+86138' || lpad(i::text, 8, '0'), 'primary', true)),
                          array['+86138' || lpad(i::text, 8, '0')],
                          jsonb_build_array(jsonb_build_object('line1', i || ' Nanjing Road', 'city', 'Shanghai',
                                                               'country', 'CN')),
                          'Company ' || (i % 5000), 'CN-31', array['t' || (i % 50), 'vip'], 'user' || (i % 200),
                          'team' || (i % 10),
                          jsonb_build_object('EMAIL', jsonb_build_object('status', 'GRANTED', 'source', 'web',
                                                                         'updatedAt', '2026-01-01T00:00:00Z')),
                          timestamptz '2020-01-01' + i * interval '1 minute', now(), 1, 'ACTIVE'
                        from generate_series(1, :n) i""").param("n", n).update();
        jdbc.sql("""
                        insert into customer_external_ref (source, external_id, customer_id)
                        select 'ERP', 'C' || i, cast(md5(i::text) as uuid) from generate_series(1, :n) i""").param("n", n).update();
        jdbc.sql("""
                        insert into purchase (id, customer_id, source, erp_id, type, occurred_at, amount, currency,
                          quantity, channel, lines, created_at)
                        select cast(md5('p' || i || '-' || k) as uuid), cast(md5(i::text) as uuid), 'ERP', i || '-' || k,
                          'PURCHASE', timestamptz '2025-01-01' + (i % 365) * interval '1 day', 99.50 + k, 'CNY', 1,
                          'store', jsonb_build_array(jsonb_build_object('sku', 'SKU' || (i % 900), 'quantity', 1,
                                                                        'amount', '99.50')), now()
                        from generate_series(1, :n) i, generate_series(1, 3) k""").param("n", n).update();
        jdbc.sql("vacuum analyze").update();
    }
}
