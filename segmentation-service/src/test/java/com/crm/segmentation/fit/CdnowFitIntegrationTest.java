package com.crm.segmentation.fit;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.segmentation.TestEvents;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.Datasets;
import com.crm.test.TestTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.assertj.core.data.Percentage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The CDNOW sample end to end: the raw purchase lines of the calibration period (1997-01-01..1997-09-30) travel as
 * real {@code crm.purchase.recorded} CloudEvents over Kafka into the ledger, a full run fits the models in weeks,
 * and the stored fits reproduce the published tables (Fader, Hardie &amp; Lee 2005; Fader &amp; Hardie 2013).
 */
@CrmServiceTest
class CdnowFitIntegrationTest {

    private static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void fitOfTheCalibrationPurchasesReproducesThePublishedBgNbdAndGammaGammaTables() throws Exception {
        List<String> lines = Files.readAllLines(Datasets.path("cdnow/CDNOW_sample.txt"), StandardCharsets.US_ASCII);
        int sent = 0;
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5) {
                continue;
            }
            LocalDate day = LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE);
            if (day.isAfter(CALIBRATION_END)) {
                continue;
            }
            UUID customer = UUID.nameUUIDFromBytes(("cdnow-" + Integer.parseInt(f[1])).getBytes());
            TestEvents.sendAsync(
                    "/crm/customer-service",
                    new PurchaseRecorded(
                            customer,
                            UUID.randomUUID(),
                            "cdnow",
                            "line-" + sent,
                            day.atTime(12, 0).toInstant(ZoneOffset.UTC),
                            f[4],
                            "USD",
                            Integer.parseInt(f[3]),
                            "web",
                            null));
            sent++;
        }
        TestEvents.flush();
        int expected = sent;
        Awaitility.await()
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> count() == expected);

        ApiClient api =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        ApiResponse started = api.post("/api/segmentation/runs", """
                {"calibrationEnd":"1997-09-30"}""");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String runId = started.json().get("id").asString();
        JsonNode run = Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("/api/segmentation/runs/" + runId).json(),
                        r -> !"RUNNING".equals(r.get("status").asString()));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");

        JsonNode bg = onlyFitOfRun("BG_NBD", runId, api);
        assertThat(bg.get("customers").asInt()).isEqualTo(2357);
        assertThat(bg.get("calibrationEnd").asString()).isEqualTo("1997-09-30");
        assertThat(bg.get("calibrationStart").asString()).isEqualTo("1997-01-01");
        assertThat(bg.get("periodDays").asInt()).isEqualTo(7);
        JsonNode p = bg.get("parameters");
        assertThat(p.get("r").asDouble()).isCloseTo(0.243, Percentage.withPercentage(0.5));
        assertThat(p.get("alpha").asDouble()).isCloseTo(4.414, Percentage.withPercentage(0.5));
        assertThat(p.get("a").asDouble()).isCloseTo(0.793, Percentage.withPercentage(0.5));
        assertThat(p.get("b").asDouble()).isCloseTo(2.426, Percentage.withPercentage(0.5));
        assertThat(bg.get("logLikelihood").asDouble()).isCloseTo(-9582.4, Percentage.withPercentage(0.5));
        assertThat(bg.get("durationMs").asLong()).isNotNegative();

        JsonNode gg = onlyFitOfRun("GAMMA_GAMMA", runId, api);
        assertThat(gg.get("customers").asInt()).isEqualTo(946);
        JsonNode q = gg.get("parameters");
        assertThat(q.get("p").asDouble()).isCloseTo(6.25, Percentage.withPercentage(0.5));
        assertThat(q.get("q").asDouble()).isCloseTo(3.74, Percentage.withPercentage(0.5));
        assertThat(q.get("gamma").asDouble()).isCloseTo(15.44, Percentage.withPercentage(0.5));
        System.out.printf(
                "CDNOW fit: BG/NBD %s LL=%.2f (%d ms); Gamma-Gamma %s (%d ms)%n",
                p,
                bg.get("logLikelihood").asDouble(),
                bg.get("durationMs").asLong(),
                q,
                gg.get("durationMs").asLong());
    }

    private long count() {
        // other tests of this context add purchases of today's years; CDNOW's are all in 1997
        return jdbc.sql("select count(*) from purchase where day <= date '1997-09-30'")
                .query(Long.class)
                .single();
    }

    private static JsonNode onlyFitOfRun(String model, String runId, ApiClient api) {
        ApiResponse fits = api.get("/api/segmentation/fits?model=" + model + "&limit=500");
        assertThat(fits.status()).as(fits.body()).isEqualTo(200);
        JsonNode found = null;
        for (JsonNode fit : fits.json().get("items")) {
            if (runId.equals(fit.get("runId").asString())) {
                assertThat(found).as("one %s fit per run", model).isNull();
                found = fit;
            }
        }
        assertThat(found).as("%s fit of run %s", model, runId).isNotNull();
        return found;
    }
}
