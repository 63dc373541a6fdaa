package com.crm.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An ERP integrator's side of the stack: a client-credentials token and the batch APIs, through the gateway. */
final class ErpClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String gateway;
    private final String issuer;
    private final String client;
    private final String secret;
    private final int threads;
    private final int batchSize;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String token;
    private volatile Instant tokenAt = Instant.EPOCH;

    ErpClient(String gateway, String issuer, String client, String secret, int threads, int batchSize) {
        this.gateway = gateway;
        this.issuer = issuer;
        this.client = client;
        this.secret = secret;
        this.threads = threads;
        this.batchSize = batchSize;
    }

    /** Posts the items in batches from {@code threads} threads; returns each batch's response, in item order. */
    List<JsonNode> send(String path, List<String> items) throws Exception {
        AtomicLong done = new AtomicLong();
        long total = items.size();
        List<JsonNode> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (int from = 0; from < items.size(); from += batchSize) {
                List<String> batch = items.subList(from, Math.min(items.size(), from + batchSize));
                futures.add(pool.submit(() -> {
                    JsonNode response = postBatch(path, batch);
                    long now = done.addAndGet(batch.size());
                    if (now % (batchSize * 20L) < batch.size() || now == total) {
                        System.out.printf(Locale.ROOT, "  %s %,d / %,d%n", path, now, total);
                    }
                    return response;
                }));
            }
            for (Future<JsonNode> f : futures) {
                responses.add(f.get());
            }
        }
        return responses;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(gateway + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    /** A GET of any address (e.g. a service's actuator) with this client's token: the body, or an exception. */
    String getText(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** One POST; returns the status and the body. */
    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(gateway + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Runs one import job: creates it, streams the NDJSON rows as its file, waits until it ends.
     *
     * @return the ended job
     */
    JsonNode importJob(String object, List<String> rows) throws IOException, InterruptedException {
        HttpResponse<String> created = post("/api/imports", "{\"object\":\"" + object + "\",\"format\":\"NDJSON\"}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("/api/imports answered " + created.statusCode() + ": " + created.body());
        }
        String id = JSON.readTree(created.body()).get("id").asString();
        HttpResponse<String> uploaded = http.send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/imports/" + id + "/data"))
                        .timeout(Duration.ofMinutes(15))
                        .header("Authorization", "Bearer " + token())
                        .header("Content-Type", "application/x-ndjson")
                        .PUT(HttpRequest.BodyPublishers.ofString(String.join("\n", rows) + "\n"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (uploaded.statusCode() != 200) {
            throw new IllegalStateException("upload answered " + uploaded.statusCode() + ": " + uploaded.body());
        }
        while (true) {
            JsonNode job = get("/api/imports/" + id);
            String status = job == null ? "?" : job.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING") && !status.equals("?")) {
                if (!status.equals("COMPLETED") || job.at("/counts/rejected").asInt() > 0) {
                    throw new IllegalStateException("import job " + id + " ended " + job);
                }
                return job;
            }
            Thread.sleep(100); // polling a remote job's status
        }
    }

    private JsonNode postBatch(String path, List<String> batch) throws IOException, InterruptedException {
        String body = "{\"items\":[" + String.join(",", batch) + "]}";
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(gateway + path))
                            .timeout(Duration.ofMinutes(5))
                            .header("Authorization", "Bearer " + token())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode answer = JSON.readTree(response.body());
                if (answer.get("summary").has("rejected")) {
                    throw new IllegalStateException(path + " rejected items: "
                            + response.body()
                                    .substring(0, Math.min(2000, response.body().length())));
                }
                return answer;
            }
            // batches are idempotent: a retry after a failure or timeout is safe
            if (attempt >= 3) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
        }
    }

    private String token() throws IOException, InterruptedException {
        if (token == null || Instant.now().isAfter(tokenAt.plus(Duration.ofMinutes(30)))) {
            synchronized (this) {
                if (token == null || Instant.now().isAfter(tokenAt.plus(Duration.ofMinutes(30)))) {
                    String basic = Base64.getEncoder()
                            .encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                                    .header("Authorization", "Basic " + basic)
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("token endpoint answered " + response.statusCode());
                    }
                    token = JSON.readTree(response.body()).get("access_token").asString();
                    tokenAt = Instant.now();
                }
            }
        }
        return token;
    }
}
