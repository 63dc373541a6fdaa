package com.crm.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** The operations of the live aggregated OpenAPI document, and what the sweeps over them share. */
final class ApiOperations {

    private ApiOperations() {}

    record Operation(String method, String path, JsonNode spec) {

        String name() {
            return this.method + " " + this.path;
        }

        JsonNode bodySchema() {
            JsonNode content = this.spec.path("requestBody").path("content");
            JsonNode json = content.path("application/json");
            if (json.isMissingNode()) {
                Iterator<JsonNode> any = content.elements();
                json = any.hasNext() ? any.next() : json;
            }
            return json.path("schema");
        }

        String bodyContentType() {
            Iterator<String> types =
                    this.spec.path("requestBody").path("content").fieldNames();
            List<String> all = new ArrayList<>();
            types.forEachRemaining(all::add);
            return all.contains("application/json")
                    ? "application/json"
                    : all.isEmpty() ? "application/json" : all.get(0);
        }

        boolean hasBody() {
            return this.spec.has("requestBody");
        }
    }

    /**
     * A parameter's value for a probe: {@code text} as it goes into the URL when {@code encoded}, else encoded
     * first; {@code chosen} puts an optional query parameter in (a required one always is).
     */
    record Value(String text, boolean encoded, boolean chosen) {}

    /** Chooses a parameter's value: {@code in} is path or query; null for the schema's sample. */
    @FunctionalInterface
    interface Parameters {
        Value valueOf(Operation operation, String in, String name, JsonNode schema);
    }

    static List<Operation> of(JsonNode api) {
        List<Operation> operations = new ArrayList<>();
        api.path("paths")
                .properties()
                .forEach((path) -> path.getValue().properties().forEach((method) -> {
                    String verb = method.getKey().toUpperCase(Locale.ROOT);
                    if (Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(verb)) {
                        operations.add(new Operation(verb, path.getKey(), method.getValue()));
                    }
                }));
        assertThat(operations).as("operations in the live document").hasSizeGreaterThan(20);
        return operations;
    }

    /** The path with its path parameters filled and the required (or chosen) query parameters given. */
    static String path(Operation operation, SchemaSamples samples, Parameters parameters) {
        String path = operation.path();
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : operation.spec().path("parameters")) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            JsonNode schema = samples.resolve(parameter.path("schema"));
            Value value = parameters.valueOf(operation, in, name, schema);
            if (value == null) {
                JsonNode sample = samples.valid(schema);
                value = new Value(sample.isTextual() ? sample.asText() : sample.toString(), false, false);
            }
            String encoded = value.encoded()
                    ? value.text()
                    : URLEncoder.encode(value.text(), StandardCharsets.UTF_8).replace("+", "%20");
            if (in.equals("path")) {
                path = path.replace("{" + name + "}", encoded);
            } else if (in.equals("query")
                    && (value.chosen() || parameter.path("required").asBoolean(false))) {
                query.append(query.isEmpty() ? "?" : "&")
                        .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                        .append('=')
                        .append(encoded);
            }
        }
        return path + query;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return Http.JSON.writeValueAsBytes(node);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Runs each probe's check on four threads; the first failure is thrown. */
    static <P> void run(List<P> probes, Function<P, Void> check) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Void>> futures = new ArrayList<>();
            for (P probe : probes) {
                futures.add(pool.submit(() -> check.apply(probe)));
            }
            for (Future<Void> future : futures) {
                future.get();
            }
        }
    }

    /** Writes the findings to target/{@code file}, sorted, and prints the first 40. */
    static void writeFindings(String file, Collection<?> findings) throws Exception {
        List<String> lines = findings.stream().map(Object::toString).sorted().toList();
        Files.write(Path.of("target", file), lines, StandardCharsets.UTF_8);
        lines.stream().limit(40).forEach((line) -> System.out.println("[sweep] " + line));
        if (lines.size() > 40) {
            System.out.println("[sweep] ... " + (lines.size() - 40) + " more in target/" + file);
        }
    }
}
