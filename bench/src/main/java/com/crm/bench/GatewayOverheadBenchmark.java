package com.crm.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's overhead: the same GET with the same token, the same number of concurrent clients for the same
 * time, first straight to the service, then through the gateway; prints the throughput of both, their ratio
 * (target ≥ 0.8) and p50/p99 latencies. Needs a running stack (./run-local.sh).
 */
final class GatewayOverheadBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String gateway;
    private final String direct;
    private final String path;
    private final String issuer;
    private final String client;
    private final String secret;
    private final int concurrency;
    private final Duration duration;
    private final Duration warmup;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    GatewayOverheadBenchmark(Map<String, String> o) {
        gateway = o.getOrDefault("gateway", "http://localhost:8080");
        direct = o.getOrDefault("direct", "http://localhost:8081");
        path = o.getOrDefault("path", "/api/customers?limit=1");
        issuer = o.getOrDefault("issuer", "http://localhost:9000");
        client = o.getOrDefault("client", "crm-frontend");
        secret = o.getOrDefault("secret", env("CRM_FRONTEND_SECRET", "frontend-secret"));
        concurrency = Integer.parseInt(o.getOrDefault("concurrency", "16"));
        duration = Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "30")));
        warmup = Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup-seconds", "10")));
    }

    void run() throws Exception {
        String token = token();
        System.out.printf(
                "gateway-overhead: GET %s, %d concurrent clients, %d s each (after %d s warm-up)%n",
                path, concurrency, duration.toSeconds(), warmup.toSeconds());
        load(direct, token, warmup);
        load(gateway, token, warmup);
        Result straight = load(direct, token, duration);
        Result through = load(gateway, token, duration);
        straight.print("direct ", direct);
        through.print("gateway", gateway);
        double ratio = through.throughput() / straight.throughput();
        System.out.printf(
                "throughput ratio gateway/direct: %.2f (target >= 0.80) %s%n",
                ratio, ratio >= 0.8 ? "OK" : "BELOW TARGET");
        System.out.printf(
                "added latency: p50 %+.2f ms, p99 %+.2f ms%n",
                through.percentile(50) - straight.percentile(50), through.percentile(99) - straight.percentile(99));
        if (through.errors() > 0 || straight.errors() > 0) {
            System.out.println("note: non-2xx answers were counted as errors (429 means the gateway's rate limit"
                    + " throttled the run: start the gateway with CRM_GATEWAY_RATE_LIMIT_ENABLED=false)");
        }
    }

    private Result load(String base, String token, Duration length) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        return new Result(ClosedLoopLoad.run(http, concurrency, length, n -> request));
    }

    private record Result(ClosedLoopLoad.Sample sample) {

        double throughput() {
            return sample.throughput();
        }

        double percentile(int p) {
            return sample.percentile(p);
        }

        long errors() {
            return sample.errors();
        }

        void print(String label, String base) {
            System.out.printf(
                    "%s %-24s %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  (%d ok, %d errors, %d of them 429)%n",
                    label,
                    base,
                    throughput(),
                    percentile(50),
                    percentile(99),
                    sample.sortedNanos().length,
                    sample.errors(),
                    sample.status429());
        }
    }

    private String token() throws Exception {
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=crm.read"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token endpoint answered " + response.statusCode());
        }
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
