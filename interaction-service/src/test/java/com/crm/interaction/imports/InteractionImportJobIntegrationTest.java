package com.crm.interaction.imports;

import static com.crm.test.ImportJobClient.created;
import static com.crm.test.ImportJobClient.fields;
import static com.crm.test.ImportJobClient.id;
import static com.crm.test.ImportJobClient.ndjson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.interaction.TestCustomers;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.ImportJobClient;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Interaction import jobs ({@code /api/interactions/imports}, the platform's import jobs) against real PostgreSQL and
 * Kafka: rows are /api/interactions/batch items, recorded once with their events and their bad rows named; the same
 * file again records nothing; cancel; a job whose runner's lease expired resumes where its last chunk committed.
 */
@CrmServiceTest
class InteractionImportJobIntegrationTest {

    private static final String IMPORTS = "/api/interactions/imports";
    private static final String HEADER = "Call id,Customer,Channel,Direction,Type,At,Seconds,Source,Notes,Ignored\n";
    private static final String MAPPING = """
            {"Call id":"externalId","Customer":"customerId","Channel":"channel","Direction":"direction",
             "Type":"type","At":"occurredAt","Seconds":"durationSeconds","Source":"source","Notes":"notes"}""";
    private static final String RECORDED = """
            select count(*) from crm_outbox where event_type = 'crm.interaction.recorded'
              and message_key in (select cast(customer_id as text) from interaction where source = :s)""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient integrator;
    private ImportJobClient jobs;

    @BeforeEach
    void client() {
        integrator = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.integration"));
        jobs = new ImportJobClient(integrator, IMPORTS, Duration.ofMinutes(5));
    }

    @Test
    void aCsvOfAThousandCallsWithThreeBadRowsRecordsTheRestOnceAndNamesTheBadRowsAndTheSameFileAgainNothing() {
        String source = "impcc-" + run();
        String file = calls(source, 1_000, row -> switch (row) {
            case 10 -> new String[] {"FAX", "INBOUND", "INQUIRY", "60"};
            case 500 -> new String[] {"PHONE", "INBOUND", "INQUIRY", "-5"};
            case 999 -> new String[] {"PHONE", "", "", "60"};
            default -> new String[] {"PHONE", "INBOUND", "INQUIRY", "60"};
        });

        JsonNode first = jobs.runToEnd(csvJob(null), file);

        assertThat(first.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(first.get("object").asString()).isEqualTo("INTERACTIONS");
        assertThat(first.get("totalRows").asInt()).isEqualTo(1_000);
        assertThat(first.at("/counts/created").asInt()).isEqualTo(997);
        assertThat(first.at("/counts/rejected").asInt()).isEqualTo(3);
        assertThat(first.at("/counts/unchanged").asInt()).isZero();
        List<JsonNode> rejected = ndjson(integrator.get(IMPORTS + "/" + id(first) + "/results?outcome=REJECTED"));
        assertThat(rejected).extracting(r -> r.get("row").asInt()).containsExactly(10, 500, 999);
        assertThat(fields(rejected.get(0))).containsExactly("channel");
        assertThat(fields(rejected.get(1))).containsExactly("durationSeconds");
        assertThat(fields(rejected.get(2))).containsExactlyInAnyOrder("direction", "type");
        assertThat(rejected.get(0).at("/problem/status").asInt()).isEqualTo(400);
        ApiResponse csv = integrator.get(IMPORTS + "/" + id(first) + "/results?outcome=rejected&format=csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).contains("10,REJECTED,,,,channel,", "500,REJECTED,,,,durationSeconds,");
        JsonNode created = ndjson(integrator.get(IMPORTS + "/" + id(first) + "/results?outcome=CREATED"))
                .getFirst();
        assertThat(created.get("row").asInt()).isEqualTo(1);
        assertThat(created.get("source").asString()).isEqualTo(source);
        assertThat(created.get("externalId").asString()).isEqualTo("CALL-1");
        assertThat(interaction(created.get("id").asString())).isEqualTo("CALL-1");

        assertThat(count("select count(*) from interaction where source = :s", source))
                .isEqualTo(997);
        assertThat(count("select count(distinct external_id) from interaction where source = :s", source))
                .isEqualTo(997);
        assertThat(count(RECORDED, source))
                .as("one recorded event per interaction")
                .isEqualTo(997);
        assertThat(count("select count(*) from import_result where job_id = cast(:s as uuid)", id(first)))
                .isEqualTo(1_000);
        assertThat(count("select count(*) from import_row where job_id = cast(:s as uuid)", id(first)))
                .as("staged rows dropped once done")
                .isZero();

        JsonNode second = jobs.runToEnd(csvJob(null), file);

        assertThat(second.get("contentHash").asString())
                .isEqualTo(first.get("contentHash").asString());
        assertThat(second.at("/counts/unchanged").asInt()).isEqualTo(997);
        assertThat(second.at("/counts/rejected").asInt()).isEqualTo(3);
        assertThat(second.at("/counts/created").asInt()
                        + second.at("/counts/updated").asInt())
                .isZero();
        assertThat(count("select count(*) from interaction where source = :s", source))
                .isEqualTo(997);
        assertThat(count(RECORDED, source)).as("nothing published again").isEqualTo(997);
        List<JsonNode> unchanged = ndjson(integrator.get(IMPORTS + "/" + id(second) + "/results?outcome=UNCHANGED"));
        assertThat(unchanged.getFirst().get("id").asString())
                .as("the interaction recorded first")
                .isEqualTo(created.get("id").asString());
    }

    @Test
    void ndjsonRowsAreBatchItems() {
        String source = "impnd-" + run();
        String file = """
                {"customerId":"%1$s","channel":"EMAIL","direction":"INBOUND","type":"INQUIRY","source":"%2$s","externalId":"m-1","occurredAt":"2026-10-01T10:00:00Z"}
                {"customerId":"%1$s","channel":"EMAIL","direction":"INBOUND","type":"INQUIRY","source":"%2$s","externalId":"m-1","occurredAt":"2026-10-01T10:00:00Z"}
                not json
                """.formatted(UUID.randomUUID(), source);
        JsonNode job = jobs.runToEnd(integrator.post(IMPORTS, """
                        {"object":"INTERACTIONS","format":"NDJSON"}"""), file, "application/x-ndjson");

        assertThat(job.get("counts").toString())
                .isEqualTo("{\"created\":1,\"updated\":0,\"unchanged\":1,\"rejected\":1}");
        assertThat(count("select count(*) from interaction where source = :s", source))
                .isEqualTo(1);
    }

    @Test
    void aRowAContactPolicyRefusesIsRejectedWithItsRulesAndItsRefusalStillPublishedAsInTheBatch() {
        UUID customer =
                TestCustomers.register(jdbc, Map.of("PHONE", "GRANTED"), TestCustomers.zoneWhereLocalHourIs(12));
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String earlier = Instant.now()
                .minus(3, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        String call = """
                {"customerId":"%s","channel":"PHONE","direction":"OUTBOUND","type":"FOLLOW_UP","agentId":"%s","occurredAt":"%s"}""";
        String file = String.join(
                        "\n",
                        call.formatted(customer, "imp-1", earlier),
                        call.formatted(customer, "imp-2", now),
                        call.formatted(customer, "imp-3", now),
                        call.formatted(customer, "imp-4", now),
                        """
                        {"customerId":"%s","channel":"PHONE","direction":"INBOUND","type":"INQUIRY"}""".formatted(customer))
                + "\n";

        JsonNode job = jobs.runToEnd(integrator.post(IMPORTS, """
                        {"object":"INTERACTIONS","format":"NDJSON"}"""), file, "application/x-ndjson");

        assertThat(job.at("/counts/created").asInt()).isEqualTo(3);
        assertThat(job.at("/counts/rejected").asInt()).isEqualTo(2);
        List<JsonNode> rejected = ndjson(integrator.get(IMPORTS + "/" + id(job) + "/results?outcome=REJECTED"));
        assertThat(rejected).extracting(r -> r.get("row").asInt()).containsExactly(3, 4);
        assertThat(rejected.getFirst().at("/problem/status").asInt()).isEqualTo(422);
        assertThat(count(
                        "select count(*) from crm_outbox where message_key = :s and event_type = 'crm.contact.refused'",
                        customer.toString()))
                .as("a refusal commits with its chunk, as in the batch")
                .isEqualTo(2);
        assertThat(count("select count(*) from interaction where customer_id = cast(:s as uuid)", customer.toString()))
                .isEqualTo(3);
    }

    @Test
    void aJobWhoseRunnerStoppedResumesAfterItsLeaseExpiredAndRecordsEachRowOnce() {
        String source = "impkill-" + run();
        int rows = 10_000;
        String file = calls(
                source,
                rows,
                row -> row % 2_500 == 1
                        ? new String[] {"PHONE", "INBOUND", "INQUIRY", "-1"}
                        : new String[] {"PHONE", "INBOUND", "INQUIRY", "30"});
        try {
            String id = id(created(csvJob(100)));
            ApiResponse upload = integrator.send("PUT", IMPORTS + "/" + id + "/data", file, "text/csv");
            assertThat(upload.status()).as(upload.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> jobs.job(id).get("processedRows").asInt() >= 500);
            // the runner dies: its lease is taken away as if it had expired, so its next chunk never commits and
            // the job is claimed again where the last committed chunk left it
            Integer stoppedAt = jdbc.sql("""
                            update import_job set lease_owner = 'a-runner-that-died', lease_until = now() - interval '1 second'
                            where id = cast(:id as uuid) and status = 'RUNNING' returning position""")
                    .param("id", id)
                    .query(Integer.class)
                    .optional()
                    .orElse(null);
            assertThat(stoppedAt).as("stopped mid-way").isNotNull().isBetween(500, rows - 1);

            JsonNode resumed = jobs.awaitEnd(id);

            assertThat(resumed.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(resumed.at("/counts/created").asInt()).isEqualTo(rows - 4);
            assertThat(resumed.at("/counts/rejected").asInt()).isEqualTo(4);
            assertThat(resumed.at("/counts/unchanged").asInt())
                    .as("no row applied twice")
                    .isZero();
            List<JsonNode> results = ndjson(integrator.get(IMPORTS + "/" + id + "/results"));
            assertThat(results).extracting(r -> r.get("row").asInt()).containsExactlyElementsOf(range(rows));
            assertThat(count("select count(*) from interaction where source = :s", source))
                    .isEqualTo(rows - 4);
            assertThat(count(RECORDED, source)).as("one event per interaction").isEqualTo(rows - 4);
        } finally {
            // thousands of events still queued for the relay would hold up the events later tests wait for
            jdbc.sql("""
                            delete from crm_outbox where published_at is null and message_key in
                              (select cast(customer_id as text) from interaction where source = :s)""").param("s", source).update();
        }
    }

    @Test
    void cancelStopsAJobAndStartingItAgainIsRefused() {
        String source = "impcancel-" + run();
        String id = id(created(csvJob(null)));
        ApiResponse upload = integrator.send(
                "PUT", IMPORTS + "/" + id + "/data?start=false", calls(source, 3, row -> null), "text/csv");
        assertThat(upload.json().get("status").asString()).isEqualTo("UPLOADED");

        ApiResponse cancelled = integrator.post(IMPORTS + "/" + id + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        ApiResponse start = integrator.post(IMPORTS + "/" + id + "/start", "");
        assertThat(start.status()).isEqualTo(409);
        assertThat(start.contentType()).startsWith("application/problem+json");
        assertThat(jobs.job(id).at("/counts/created").asInt()).isZero();
        assertThat(count("select count(*) from interaction where source = :s", source))
                .isZero();
    }

    @Test
    void theResourceNeedsTheIntegrationScopeAndKnowsOnlyInteractions() {
        ApiResponse created = csvJob(null);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo(IMPORTS + "/" + id(created.json()));

        ApiClient base = ApiClient.of("http://localhost:" + port);
        assertThat(base.withToken(TestTokens.withScopes("crm.read", "crm.write"))
                        .post(IMPORTS, "{\"object\":\"INTERACTIONS\",\"format\":\"NDJSON\"}")
                        .status())
                .isEqualTo(403);
        assertThat(base.withToken(TestTokens.withScopes("crm.read"))
                        .get(IMPORTS + "/" + id(created.json()))
                        .status())
                .isEqualTo(403);
        assertThat(base.withToken(TestTokens.withScopes("crm.read", "crm.integration"))
                        .get(IMPORTS + "/" + id(created.json()))
                        .status())
                .isEqualTo(200);

        JsonNode docs = integrator.get("/v3/api-docs").json();
        assertThat(docs.at("/paths").has(IMPORTS + "/{id}/results")).isTrue();
        assertThat(docs.at("/components/schemas/ImportRequest/properties/object/enum")
                        .toString())
                .isEqualTo("[\"INTERACTIONS\"]");

        ApiResponse customers = integrator.post(IMPORTS, "{\"object\":\"CUSTOMERS\",\"format\":\"NDJSON\"}");
        assertThat(customers.status()).isEqualTo(400);
        assertThat(fields(customers.json())).containsExactly("object");
        ApiResponse mapping = integrator.post(IMPORTS, """
                {"object":"INTERACTIONS","format":"CSV","mapping":{"Id":"externalId","Mail":"customer.mail"}}""");
        assertThat(mapping.status()).isEqualTo(400);
        assertThat(fields(mapping.json())).containsExactly("mapping.Mail");
    }

    /** Row → channel, direction, type, seconds (null: a good inbound call). */
    private static String calls(String source, int rows, java.util.function.IntFunction<String[]> cells) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int row = 1; row <= rows; row++) {
            String[] c = cells.apply(row);
            if (c == null) {
                c = new String[] {"PHONE", "INBOUND", "INQUIRY", "60"};
            }
            csv.append("CALL-")
                    .append(row)
                    .append(',')
                    .append(UUID.randomUUID())
                    .append(',')
                    .append(c[0])
                    .append(',')
                    .append(c[1])
                    .append(',')
                    .append(c[2])
                    .append(",2026-10-01T08:00:00Z,")
                    .append(c[3])
                    .append(',')
                    .append(source)
                    .append(",\"asked about prices, twice\",x\n");
        }
        return csv.toString();
    }

    private ApiResponse csvJob(Integer chunkSize) {
        return jobs.create(ImportJobClient.csvRequest("INTERACTIONS", MAPPING, chunkSize));
    }

    private String interaction(String id) {
        ApiResponse response = integrator.get("/api/interactions/" + id);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("externalId").asString();
    }

    private static List<Integer> range(int rows) {
        List<Integer> all = new ArrayList<>(rows);
        for (int row = 1; row <= rows; row++) {
            all.add(row);
        }
        return all;
    }

    private long count(String sql, String param) {
        return jdbc.sql(sql).param("s", param).query(Long.class).single();
    }

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
