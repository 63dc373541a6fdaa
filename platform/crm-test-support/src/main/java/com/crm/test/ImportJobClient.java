package com.crm.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.test.ApiClient.ApiResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A service's bulk import jobs (the platform's {@code com.crm.support.imports}) as its tests drive them: create, upload,
 * wait for the end, read the job and its per-row results.
 *
 * @param client   the caller (an integrator's token)
 * @param path     the service's job resource, e.g. {@code /api/imports}
 * @param hangBound how long a job may run before the test calls it hung: a bound, not a speed target
 */
public record ImportJobClient(ApiClient client, String path, Duration hangBound) {

    /** The body of a CSV job for {@code object} with a column mapping (a JSON object) and an optional chunk size. */
    public static String csvRequest(String object, String mapping, Integer chunkSize) {
        return ("{\"object\":\"" + object + "\",\"format\":\"CSV\",\"mapping\":" + mapping
                        + (chunkSize == null ? "" : ",\"chunkSize\":" + chunkSize) + "}")
                .replace("\n", " ");
    }

    public ApiResponse create(String request) {
        return client.post(path, request);
    }

    public JsonNode runToEnd(ApiResponse create, String file) {
        return runToEnd(create, file, "text/csv");
    }

    /** Uploads {@code file} to the job {@code create} answered and waits until it ends; @return the ended job */
    public JsonNode runToEnd(ApiResponse create, String file, String contentType) {
        String id = id(created(create));
        ApiResponse upload = client.send("PUT", path + "/" + id + "/data", file, contentType);
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        return awaitEnd(id);
    }

    public JsonNode awaitEnd(String id) {
        return await().atMost(hangBound)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> job(id),
                        j -> !List.of("QUEUED", "RUNNING")
                                .contains(j.get("status").asString()));
    }

    public JsonNode job(String id) {
        ApiResponse response = client.get(path + "/" + id);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    public static JsonNode created(ApiResponse response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    public static String id(JsonNode job) {
        return job.get("id").asString();
    }

    /** The lines of an NDJSON answer (results), each parsed. */
    public static List<JsonNode> ndjson(ApiResponse response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        response.body()
                .lines()
                .filter(l -> !l.isBlank())
                .forEach(l -> lines.add(ApiClient.json().readTree(l)));
        return lines;
    }

    /** The distinct fields a rejected row's result (or a batch item's problem) names, in order. */
    public static List<String> fields(JsonNode result) {
        JsonNode errors = result.has("problem") ? result.at("/problem/errors") : result.get("errors");
        List<String> fields = new ArrayList<>();
        errors.forEach(e -> fields.add(e.get("field").asString()));
        return fields.stream().distinct().toList();
    }
}
