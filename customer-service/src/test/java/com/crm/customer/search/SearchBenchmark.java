package com.crm.customer.search;

import com.crm.support.access.Visibility;
import com.crm.support.access.VisibilityScope;
import com.crm.support.json.StoredJson;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Search latency at scale (opt-in, not part of the build's tests): an embedded PostgreSQL with customer-service's
 * schema (its Flyway migrations), {@code search.bench.customers} customers (default 1,000,000) inserted set-based
 * with {@code generate_series} (Chinese and Latin names, e-mails, phones, 50 tags, 200 owners in 10 teams, value
 * scores for 70 %), then each query resolved and run as the service runs it (page + total + value scores) after a
 * warm-up ({@code search.bench.warmup}, default 20), timed per request ({@code search.bench.runs}, default 200): p50 /
 * p99. HTTP and JSON rendering are not included (see bench/README.md).
 *
 * <pre>
 * ./mvnw -B -o -q test -pl customer-service -am -Dtest=SearchBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsearch.bench.customers=1000000
 * </pre>
 */
@EnabledIfSystemProperty(named = "search.bench.customers", matches = "\\d+")
class SearchBenchmark {

    // fewer runs make a slow baseline measurable at all (a query of seconds times 220 is most of an hour)
    private static final int WARMUP = Integer.getInteger("search.bench.warmup", 20);
    private static final int RUNS = Integer.getInteger("search.bench.runs", 200);

    @Test
    void searchLatencyAtScale() throws Exception {
        int n = Integer.parseInt(System.getProperty("search.bench.customers", "1000000"));
        try (EmbeddedPostgres pg = postgres();
                HikariDataSource ds = pooled(pg)) {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    // as the service (application.yml): V33 builds its indexes concurrently
                    .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                    .load()
                    .migrate();
            JdbcClient jdbc = JdbcClient.create(ds);
            long seeded =
                    jdbc.sql("select count(*) from customer").query(Long.class).single();
            if (seeded != n) {
                jdbc.sql("truncate customer cascade").update();
                long t0 = System.nanoTime();
                seed(jdbc, n);
                System.out.printf("seeded %,d customers in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            }
            // each search in a read-only transaction of its own, as the service runs it
            TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(ds));
            transaction.setReadOnly(true);

            JsonMapper json = JsonMapper.builder().build();
            SearchValidator validator = new SearchValidator(new SearchProperties(null), null, json);
            SearchRepository repository = new SearchRepository(jdbc, new StoredJson(json));
            Harness harness = new Harness(validator, repository, json, transaction);
            Visibility all = Visibility.all();
            // a manager of team3 who does not see unassigned customers: "c.team_id = :crmAccessTeam"
            Visibility team = new Visibility(VisibilityScope.TEAM, "manager3", "team3", false);

            String twoGroups = """
                    {"filterGroups":[
                      {"filters":[{"propertyName":"tier","operator":"IN","values":["S","A"]},
                                  {"propertyName":"churnRisk","operator":"GT","value":0.9}]},
                      {"filters":[{"propertyName":"tags","operator":"CONTAINS_TOKEN","value":"t7"},
                                  {"propertyName":"lifecycleStage","operator":"EQ","value":"DECLINING"}]}],
                     "sorts":[{"propertyName":"clv","direction":"DESCENDING"}],"limit":10}""";
            harness.run("two groups, sort by clv desc (sees all)", twoGroups, all);
            harness.run("two groups, sort by clv desc (a manager's team)", twoGroups, team);
            harness.run(
                    "two groups, sort by createdAt (sees all)",
                    twoGroups.replace(
                            "\"clv\",\"direction\":\"DESCENDING\"", "\"createdAt\",\"direction\":\"ASCENDING\""),
                    all);
            harness.run(
                    "query 小明, sort by displayName",
                    "{\"query\":\"小明\",\"sorts\":[{\"propertyName\":\"displayName\"}],\"limit\":10}",
                    all);
            harness.run("query e-mail fragment", "{\"query\":\"user12345@\",\"limit\":10}", all);
            harness.run(
                    "email EQ",
                    "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\",\"operator\":\"EQ\","
                            + "\"value\":\"user4242@example242.com\"}]}]}",
                    all);
            harness.run("no filter, by id", "{\"limit\":10}", all);
        }
    }

    /**
     * A fresh cluster, or with {@code search.bench.datadir} one kept in that directory between runs (seeded once for
     * {@code search.bench.customers}): a change to the search's SQL is then measured in minutes, not after a new seed.
     */
    private static EmbeddedPostgres postgres() throws java.io.IOException {
        String dir = System.getProperty("search.bench.datadir");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (dir != null) {
            builder.setDataDirectory(java.nio.file.Path.of(dir)).setCleanDataDirectory(false);
        }
        return builder.start();
    }

    /**
     * Pooled, as the service's connections are: the embedded default opens a connection per statement (a backend
     * forked, its catalog cache cold), which is no part of a search and was most of a fast one's time on a busy
     * machine.
     */
    private static HikariDataSource pooled(EmbeddedPostgres pg) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        ds.setMaximumPoolSize(2);
        return ds;
    }

    private static void seed(JdbcClient jdbc, int n) {
        jdbc.sql("""
                        insert into customer (id, type, display_name, given_name, family_name, emails, email_keys,
                          phone_keys, company, tags, owner_id, team_id, created_at, updated_at, version, status)
                        select cast(md5(i::text) as uuid), 'PERSON',
                          case when i % 2 = 0 then f || g else 'Person' || i || ' Latin' end,
                          case when i % 2 = 0 then g else 'Person' || i end,
                          case when i % 2 = 0 then f else 'Latin' end,
                          '[]', array['user' || i || '@example' || (i % 1000) || '.com'],
                          array['+86138' || lpad(i::text, 8, '0')], 'Company ' || (i % 5000),
                          array['t' || (i % 50)], 'user' || (i % 200), 'team' || (i % 10),
                          timestamptz '2020-01-01' + i * interval '1 minute', now(), 1, 'ACTIVE'
                        from (select i,
                                (array['王','李','张','刘','陈','杨','黄','赵','吴','周'])[1 + i % 10] as f,
                                (array['小','国','建','秀','志','海','丽','明','伟','芳'])[1 + (i / 10) % 10]
                                  || (array['明','华','英','军','平','强','娟','杰','敏','静'])[1 + (i / 100) % 10] as g
                              from generate_series(1, :n) i) s""").param("n", n).update();
        jdbc.sql("""
                        insert into projected_value (customer_id, tier, clv, tier_at, lifecycle_stage, stage_at,
                          churn_risk, scores_at)
                        select cast(md5(i::text) as uuid), (array['S','A','B','C'])[1 + i % 4],
                          round(cast(random() * 10000 as numeric), 2), now(),
                          (array['PROSPECT','NEW','GROWING','MATURE','DECLINING','CHURNED'])[1 + i % 6], now(),
                          to_char(random(), 'FM0.0000'), now()
                        from generate_series(1, :n) i where i % 10 < 7""").param("n", n).update();
        jdbc.sql("truncate projected_overview_backlog").update();
        jdbc.sql("vacuum analyze customer").update();
        jdbc.sql("vacuum analyze projected_value").update();
    }

    private record Harness(
            SearchValidator validator, SearchRepository repository, JsonMapper json, TransactionTemplate transaction) {

        void run(String name, String body, Visibility visible) {
            SearchQuery q = validator.resolve(json.readValue(body, SearchRequest.class));
            List<Long> micros = new ArrayList<>();
            long[] total = {0};
            for (int i = 0; i < WARMUP + RUNS; i++) {
                long start = System.nanoTime();
                transaction.executeWithoutResult(status -> {
                    SearchRepository.Page page =
                            repository.page(q, visible, q.limit() + 1, CustomerSearchService.TOTAL_LIMIT + 1);
                    total[0] = CustomerSearchService.total(repository, q, visible, page);
                    repository.valueScores(
                            page.rows().stream().map(SearchRepository.Row::id).toList());
                });
                if (i >= WARMUP) {
                    micros.add((System.nanoTime() - start) / 1_000);
                }
            }
            Collections.sort(micros);
            System.out.printf(
                    "%-50s total %,9d%s  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n",
                    name,
                    Math.min(total[0], CustomerSearchService.TOTAL_LIMIT),
                    total[0] > CustomerSearchService.TOTAL_LIMIT ? "+" : " ",
                    micros.get(micros.size() / 2) / 1000.0,
                    micros.get((int) Math.ceil(micros.size() * 0.99) - 1) / 1000.0,
                    micros.getLast() / 1000.0);
        }
    }
}
