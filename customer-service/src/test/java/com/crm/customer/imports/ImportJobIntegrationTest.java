package com.crm.customer.imports;

import static com.crm.test.ImportJobClient.created;
import static com.crm.test.ImportJobClient.fields;
import static com.crm.test.ImportJobClient.id;
import static com.crm.test.ImportJobClient.ndjson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.ImportJobClient;
import com.crm.test.TestTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Import jobs against real PostgreSQL and Kafka: a large CSV applied exactly once with its bad rows named, a job
 * taken over mid-way by another runner ending as an uninterrupted one, a file sent twice changing nothing, cancel,
 * and bad input answered with problem+json naming the field.
 */
@CrmServiceTest
class ImportJobIntegrationTest {

    private static final String HEADER = "ERP id,Given name,Family name,E-mail,Country,Birthday,Source,Ignored,Type\n";
    private static final String MAPPING = """
            {"ERP id":"externalId","Given name":"customer.givenName","Family name":"customer.familyName",
             "E-mail":"customer.emails[0].address","Country":"customer.addresses[0].country",
             "Birthday":"customer.birthday","Source":"source","Type":"customer.type"}""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    private ApiClient erp;
    private ImportJobClient jobs;

    @BeforeEach
    void client() {
        erp = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.integration"));
        // a bound for a hung job (the 100,000-row one), not a speed target (bench/run-import.sh measures the speed)
        jobs = new ImportJobClient(erp, "/api/imports", Duration.ofMinutes(12));
    }

    @Test
    void hundredThousandRowCsvWithThreeBadRowsCreatesTheRestExactlyOnceAndNamesTheBadRows() {
        String source = "imp100k-" + run();
        StringBuilder csv = new StringBuilder(HEADER);
        for (int row = 1; row <= 100_000; row++) {
            String email = row == 10 ? "not-an-email" : "c" + row + "@example.com";
            String id = row == 50_000 ? "" : "E" + row;
            String country = row == 99_999 ? "China" : "CN";
            String birthday = row == 99_999 ? "2999-01-01" : "1980-05-17";
            csv.append(id)
                    .append(",Ann,\"Lee, ")
                    .append(row)
                    .append("\",")
                    .append(email)
                    .append(',')
                    .append(country)
                    .append(',')
                    .append(birthday)
                    .append(',')
                    .append(source)
                    .append(",x,PERSON\n");
        }
        try {
            JsonNode job = jobs.runToEnd(csvJob(source, null), csv.toString());
            assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(job.get("totalRows").asInt()).isEqualTo(100_000);
            assertThat(job.at("/counts/created").asInt()).isEqualTo(99_997);
            assertThat(job.at("/counts/rejected").asInt()).isEqualTo(3);
            assertThat(job.at("/counts/updated").asInt()).isZero();

            List<JsonNode> rejected = ndjson(erp.get("/api/imports/" + id(job) + "/results?outcome=REJECTED"));
            assertThat(rejected).extracting(r -> r.get("row").asInt()).containsExactly(10, 50_000, 99_999);
            assertThat(fields(rejected.get(0))).containsExactly("customer.emails[0].address");
            assertThat(fields(rejected.get(1))).containsExactly("externalId");
            assertThat(fields(rejected.get(2)))
                    .containsExactlyInAnyOrder("customer.addresses[0].country", "customer.birthday");
            assertThat(rejected.get(0).at("/problem/status").asInt()).isEqualTo(400);

            assertThat(count("select count(*) from customer_external_ref where source = :s", source))
                    .isEqualTo(99_997);
            assertThat(count("select count(distinct customer_id) from customer_external_ref where source = :s", source))
                    .isEqualTo(99_997);
            assertThat(count("""
                            select count(*) from crm_outbox o join customer_external_ref r
                              on r.source = :s and o.message_key = cast(r.customer_id as text)
                            where o.event_type = 'crm.customer.registered'""", source))
                    .as("one registered event per created customer")
                    .isEqualTo(99_997);
            assertThat(count("select count(*) from import_result where job_id = cast(:s as uuid)", id(job)))
                    .isEqualTo(100_000);
            assertThat(count("select count(*) from import_row where job_id = cast(:s as uuid)", id(job)))
                    .as("staged rows dropped once done")
                    .isZero();
        } finally {
            deleteCustomersOf(source);
        }
    }

    @Test
    void aJobStoppedMidWayResumesToTheEndStateOfAnUninterruptedRun() {
        String run = run();
        String whole = "impwhole-" + run;
        String killed = "impkill-" + run;
        try {
            JsonNode uninterrupted = jobs.runToEnd(csvJob(whole, 100), mixedFile(whole));

            String id = id(created(erp.post("/api/imports", ImportJobClient.csvRequest("CUSTOMERS", MAPPING, 100))));
            assertThat(erp.send("PUT", "/api/imports/" + id + "/data", mixedFile(killed), "text/csv")
                            .status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> jobs.job(id).get("processedRows").asInt() >= 500);
            // the runner dies: its lease is taken away as if it had expired, so its next chunk never commits and
            // another runner claims the job where the last committed chunk left it
            Integer stoppedAt = jdbc.sql("""
                            update import_job set lease_owner = 'a-runner-that-died', lease_until = now() - interval '1 second'
                            where id = cast(:id as uuid) and status = 'RUNNING' returning position""")
                    .param("id", id)
                    .query(Integer.class)
                    .optional()
                    .orElse(null);
            assertThat(stoppedAt).as("stopped mid-way").isNotNull().isBetween(500, 9_999);
            JsonNode resumed = jobs.awaitEnd(id);

            assertThat(resumed.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(resumed.get("counts")).isEqualTo(uninterrupted.get("counts"));
            assertThat(resumed.at("/counts/updated").asInt()).isEqualTo(10);
            assertThat(comparable(ndjson(erp.get("/api/imports/" + id + "/results"))))
                    .isEqualTo(comparable(ndjson(erp.get("/api/imports/" + id(uninterrupted) + "/results"))));
            for (String source : List.of(whole, killed)) {
                assertThat(count("select count(*) from customer_external_ref where source = :s", source))
                        .isEqualTo(uninterrupted.at("/counts/created").asInt());
                assertThat(count("""
                                select count(*) from crm_outbox o join customer_external_ref r
                                  on r.source = :s and o.message_key = cast(r.customer_id as text)
                                where o.event_type in ('crm.customer.registered', 'crm.customer.updated')""", source))
                        .as("no row applied twice")
                        .isEqualTo(uninterrupted.at("/counts/created").asInt() + 10);
                assertThat(count("""
                                select count(*) from customer c join customer_external_ref r on r.customer_id = c.id
                                where r.source = :s and c.version = 2""", source)).isEqualTo(10);
            }
        } finally {
            deleteCustomersOf(whole);
            deleteCustomersOf(killed);
        }
    }

    @Test
    void submittingTheSameFileAgainChangesNothing() {
        String source = "impagain-" + run();
        StringBuilder csv = new StringBuilder(HEADER);
        for (int row = 1; row <= 50; row++) {
            csv.append("A")
                    .append(row)
                    .append(",Bo,Wu ")
                    .append(row)
                    .append(",b")
                    .append(row)
                    .append("@example.com,CN,1990-01-01,")
                    .append(source)
                    .append(",,PERSON\n");
        }
        JsonNode first = jobs.runToEnd(csvJob(source, null), csv.toString());
        assertThat(first.at("/counts/created").asInt()).isEqualTo(50);
        long events = count(
                "select count(*) from crm_outbox o join customer_external_ref r on r.source = :s"
                        + " and o.message_key = cast(r.customer_id as text)",
                source);

        JsonNode second = jobs.runToEnd(csvJob(source, null), csv.toString());

        assertThat(second.get("contentHash").asString())
                .isEqualTo(first.get("contentHash").asString());
        assertThat(second.at("/counts/unchanged").asInt()).isEqualTo(50);
        assertThat(second.at("/counts/created").asInt()
                        + second.at("/counts/updated").asInt())
                .isZero();
        assertThat(count(
                        "select count(*) from crm_outbox o join customer_external_ref r on r.source = :s"
                                + " and o.message_key = cast(r.customer_id as text)",
                        source))
                .isEqualTo(events);
        assertThat(count(
                        "select count(*) from customer c join customer_external_ref r on r.customer_id = c.id"
                                + " where r.source = :s and c.version = 1",
                        source))
                .isEqualTo(50);
    }

    @Test
    void purchasesImportWithTheBatchRules() {
        String source = "imppur-" + run();
        jobs.runToEnd(csvJob(source, null), HEADER + "P1,Cy,Ma,p1@example.com,CN,1990-01-01," + source + ",,PERSON\n");
        String file = """
                {"customerRef":{"source":"%1$s","externalId":"P1"},"source":"%1$s","erpId":"o-1","occurredAt":"2026-11-01T10:00:00Z","amount":"12.50","currency":"CNY"}
                {"customerRef":{"source":"%1$s","externalId":"P1"},"source":"%1$s","erpId":"o-2","occurredAt":"2026-11-01T10:00:00Z","amount":"12.50","currency":"XYZ"}
                {"customerRef":{"source":"%1$s","externalId":"nobody"},"source":"%1$s","erpId":"o-3","occurredAt":"2026-11-01T10:00:00Z","amount":"1","currency":"CNY"}
                not json
                """.formatted(source);
        JsonNode job = jobs.runToEnd(erp.post("/api/imports", """
                        {"object":"PURCHASES","format":"NDJSON"}"""), file, "application/x-ndjson");

        assertThat(job.at("/counts/created").asInt()).isEqualTo(1);
        assertThat(job.at("/counts/rejected").asInt()).isEqualTo(3);
        ApiResponse csv = erp.get("/api/imports/" + id(job) + "/results?outcome=rejected&format=csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines().toList())
                .hasSize(4)
                .first()
                .isEqualTo("row,outcome,id,source,externalId,fields,problem");
        assertThat(csv.body()).contains("2,REJECTED,,,,currency,", "3,REJECTED,,,,customerRef,", "4,REJECTED,,,,$,");
    }

    @Test
    void cancelStopsAJobAndStartingItAgainIsRefused() {
        String id = id(created(erp.post("/api/imports", ImportJobClient.csvRequest("CUSTOMERS", MAPPING, null))));
        assertThat(erp.send(
                                "PUT",
                                "/api/imports/" + id + "/data?start=false",
                                HEADER + "C1,A,B,c@example.com,CN,,impcancel,,PERSON\n",
                                "text/csv")
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("UPLOADED");

        ApiResponse cancelled = erp.post("/api/imports/" + id + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(erp.post("/api/imports/" + id + "/cancel", "")
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("CANCELLED");
        ApiResponse start = erp.post("/api/imports/" + id + "/start", "");
        assertThat(start.status()).isEqualTo(409);
        assertThat(start.contentType()).startsWith("application/problem+json");
        assertThat(jobs.job(id).at("/counts/created").asInt()).isZero();
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        ApiResponse unknown = erp.post("/api/imports", """
                {"object":"CUSTOMERS","format":"CSV","mapping":{"Mail":"customer.mail","Id":"externalId",
                 "Consent":"customer.consents.FAX.status"}}""");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(fields(unknown.json())).containsExactlyInAnyOrder("mapping.Mail", "mapping.Consent");

        ApiResponse format = erp.post("/api/imports", """
                {"object":"CUSTOMERS","format":"XLSX"}""");
        assertThat(format.status()).isEqualTo(400);
        assertThat(fields(format.json())).containsExactly("format");

        ApiResponse chunk = erp.post("/api/imports", """
                {"object":"PURCHASES","format":"NDJSON","chunkSize":1}""");
        assertThat(chunk.status()).isEqualTo(400);
        assertThat(fields(chunk.json())).containsExactly("chunkSize");

        String id = id(created(erp.post("/api/imports", ImportJobClient.csvRequest("CUSTOMERS", MAPPING, null))));
        ApiResponse missingColumn = erp.send("PUT", "/api/imports/" + id + "/data", "ERP id,Name\nx,y\n", "text/csv");
        assertThat(missingColumn.status()).isEqualTo(400);
        assertThat(fields(missingColumn.json())).contains("mapping.E-mail", "mapping.Given name");
        ApiResponse wrongType = erp.send("PUT", "/api/imports/" + id + "/data", "{}", "application/json");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(fields(wrongType.json())).containsExactly("Content-Type");
        ApiResponse outcome = erp.get("/api/imports/" + id + "/results?outcome=MAYBE");
        assertThat(outcome.status()).isEqualTo(400);
        assertThat(fields(outcome.json())).containsExactly("outcome");
        assertThat(jobs.job(id).get("status").asString())
                .as("nothing kept of a refused file")
                .isEqualTo("CREATED");

        assertThat(oversizedUpload(id)).startsWith("HTTP/1.1 413").contains("\"field\":\"body\"");

        ApiResponse someoneElse = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.forClient("another-erp", "crm.read", "crm.integration"))
                .get("/api/imports/" + id);
        assertThat(someoneElse.status()).as("another client's job").isEqualTo(404);
    }

    /** Declares a body over 1 GB; the answer comes before any of it is sent. */
    private String oversizedUpload(String id) {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/imports/" + id + "/data HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                            + TestTokens.withScopes("crm.read", "crm.write", "crm.integration")
                            + "\r\nContent-Type: text/csv\r\nContent-Length: 1100000000\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder answer = new StringBuilder();
            int length = 0;
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                answer.append(line).append('\n');
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            if (length == 0) {
                // chunked: up to the last chunk; the server keeps the connection open for the body it was promised
                while ((line = in.readLine()) != null && !line.equals("0")) {
                    answer.append(line).append('\n');
                }
                return answer.toString();
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            answer.append(body, 0, read);
            return answer.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * 10,000 rows: every 1,000th repeats the previous row's reference with another name (an update), every 2,500th
     * has a bad e-mail.
     */
    private static String mixedFile(String source) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int row = 1; row <= 10_000; row++) {
            boolean repeat = row % 1000 == 0;
            int ref = repeat ? row - 1 : row;
            String email = row % 2500 == 1 ? "broken@" : "m" + row + "@example.com";
            csv.append("K")
                    .append(ref)
                    .append(",Mia,")
                    .append(repeat ? "Changed" : "Sun")
                    .append(',')
                    .append(email)
                    .append(",CN,1975-03-03,")
                    .append(source)
                    .append(",,PERSON\n");
        }
        return csv.toString();
    }

    private static List<String> comparable(List<JsonNode> results) {
        return results.stream()
                .map(r -> r.get("row").asInt() + " " + r.get("outcome").asString() + " "
                        + (r.get("fields").isNull() ? "" : r.get("fields").asString()))
                .toList();
    }

    private ApiResponse csvJob(String source, Integer chunkSize) {
        return jobs.create(ImportJobClient.csvRequest("CUSTOMERS", MAPPING, chunkSize));
    }

    private long count(String sql, String param) {
        return jdbc.sql(sql).param("s", param).query(Long.class).single();
    }

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Large test imports are deleted (as the API deletes: soft, with their derived rows) so that other tests of the
     * shared database, which read live customers, see the data they expect.
     */
    private void deleteCustomersOf(String source) {
        // in one transaction without the service's statement timeout: the duplicate detector and the risk sweep work
        // through these customers in the background and hold their rows for as long as a batch takes on a busy machine
        transactions.executeWithoutResult(status -> {
            jdbc.sql("set local statement_timeout = 0").update();
            deleteCustomersOfInTransaction(source);
        });
    }

    private void deleteCustomersOfInTransaction(String source) {
        String ids = "select customer_id from customer_external_ref where source = :s";
        jdbc.sql("update customer set status = 'DELETED', deleted_at = now() where id in (" + ids + ")")
                .param("s", source)
                .update();
        jdbc.sql("delete from duplicate_check where customer_id in (" + ids + ")")
                .param("s", source)
                .update();
        jdbc.sql("delete from customer_quality where customer_id in (" + ids + ")")
                .param("s", source)
                .update();
        // tens of thousands of events still queued for the relay, and risk marks for the sweep, would hold up the
        // events and scores the module's later tests wait for
        jdbc.sql("delete from risk_dirty where customer_id in (" + ids + ")")
                .param("s", source)
                .update();
        jdbc.sql(
                        "delete from crm_outbox where published_at is null and message_key in (select cast(customer_id as text)"
                                + " from customer_external_ref where source = :s)")
                .param("s", source)
                .update();
    }
}
