package com.crm.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.systemtest.ApiOperations.Operation;
import com.crm.systemtest.Tokens.Client;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * For every operation of the live aggregated OpenAPI document: malformed JSON, wrong types, missing required
 * fields, huge strings and arrays, invalid UTF-8, SQL/JSON injection strings, negative and overflowing numbers,
 * unknown enum values, in the body, the query and the path, with a valid admin token: no 5xx, every error an
 * application/problem+json. Then every operation without a token and with a token lacking the scope it needs: no
 * 2xx, except the public survey answers.
 */
@Order(2)
class BadInputSweepIT {

    /** Reachable without a token by design (the invitation token is the credential). */
    private static final Set<String> PUBLIC_OPERATIONS = Set.of("POST /api/public/survey-answers");

    /** POSTs that only read (the gateway's crm.security.read-paths): crm.read is their scope, crm.write the wrong one. */
    private static final Set<String> READING_POSTS = Set.of("POST /api/customers/search", "POST /api/agents/match");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String INJECTION =
            "' OR '1'='1'; DROP TABLE customer; -- {\"$ne\":null} \" } ] \\u0000 <script>";

    /**
     * Stands for an unpaired surrogate in a sample until it is written: a JSON writer refuses to encode one, so the
     * JSON escape of one (backslash, u, d800) is put in the written bytes in its place.
     */
    private static final String LONE_SURROGATE = "~unpaired-surrogate~";

    /** The one vocabulary every errors[].code must come from. */
    private static Set<String> errorCodes;

    private static SystemUnderTest system;

    private static ObjectNode api;

    private static SchemaSamples samples;

    /** A customer of the sweep's own: operations on /api/customers/{id} reach their validation, not only a 404. */
    private static String customerId;

    /**
     * What the sweep's probes created because the input, odd as it was, is valid (an injection string is a fine
     * name): removed again afterwards where the API can delete it, so that a sample contact policy or plan does not
     * act on the suites that follow.
     */
    private static final ConcurrentLinkedQueue<Created> CREATED = new ConcurrentLinkedQueue<>();

    /** {@code collection} is the concrete path the probe posted to (path parameters filled, no query). */
    record Created(Operation operation, String collection, String id) {}

    @BeforeAll
    static void readTheLiveDocument() {
        system = SystemUnderTest.get();
        api = LiveApi.aggregated(system);
        samples = new SchemaSamples(api);
        errorCodes = ErrorVocabulary.codes();
        Http.Response created = system.gateway()
                .post("/api/customers")
                .token(system.tokens().of(Client.ADMIN))
                .json("{\"type\":\"PERSON\",\"givenName\":\"Sweep\",\"familyName\":\"Target\"}")
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        customerId = created.json().path("id").asText();
    }

    record Probe(Operation operation, String variant, String path, String contentType, byte[] body) {

        /** Variants that are well-formed JSON with one kind of bad value: the answer can say where. */
        private static final Set<String> FIELD_VARIANTS = Set.of(
                "unknown field",
                "wrong types",
                "huge strings",
                "huge arrays",
                "injection strings",
                "negative numbers",
                "overflowing numbers",
                "unknown enum values",
                "NUL in strings",
                "control characters in strings",
                "unpaired surrogates in strings",
                "a null element in every array",
                "null for every nested object",
                "1e30 for every number",
                "2^63 for every number",
                "1e400 for every number");

        /** Query values the service reads (one past the request line's limit never reaches a parameter). */
        private static final Set<String> QUERY_VARIANTS = Set.of(
                "wrong type",
                "negative",
                "overflow",
                "unknown enum",
                "injection",
                "invalid UTF-8",
                "NUL",
                "control character");

        /** Path values the service reads: a segment not UTF-8, or one the edge's firewall refuses, never does. */
        private static final Set<String> PATH_VARIANTS = Set.of("wrong type", "negative", "overflow", "unknown enum");

        boolean fieldAtFault() {
            if (FIELD_VARIANTS.contains(this.variant)) {
                return true;
            }
            String kind = this.variant.substring(this.variant.indexOf(':') + 1).trim();
            return this.variant.startsWith("query ")
                    ? QUERY_VARIANTS.contains(kind)
                    : this.variant.startsWith("path ") && PATH_VARIANTS.contains(kind);
        }
    }

    /** The errors[].code values outside the vocabulary. */
    private static List<String> unknownCodes(Http.Response response) {
        List<String> unknown = new ArrayList<>();
        for (JsonNode error : response.json().path("errors")) {
            String code = error.path("code").asText("");
            if (!errorCodes.contains(code)) {
                unknown.add(code);
            }
        }
        return unknown;
    }

    /** An errors[] with at least one entry, each naming its field. */
    private static boolean namesAField(Http.Response response) {
        JsonNode errors = response.json().path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return false;
        }
        for (JsonNode error : errors) {
            if (error.path("field").asText("").isBlank()) {
                return false;
            }
        }
        return true;
    }

    record Finding(String what, Probe probe, Http.Response response) {

        @Override
        public String toString() {
            String body = (this.probe.body() == null) ? "" : new String(this.probe.body(), StandardCharsets.UTF_8);
            body = (body.length() > 200)
                    ? body.substring(0, 200) + "...(" + this.probe.body().length + " bytes)"
                    : body;
            String path = (this.probe.path().length() > 200)
                    ? this.probe.path().substring(0, 200) + "...("
                            + this.probe.path().length() + " characters)"
                    : this.probe.path();
            return this.what + ": " + this.probe.operation().method() + " " + path + " [" + this.probe.variant()
                    + "] " + (body.isEmpty() ? "" : "body " + body + " ") + "-> HTTP " + this.response.status() + " "
                    + this.response.contentType() + " " + this.response.abbreviated();
        }
    }

    @Test
    void noBadInputCausesA5xxAndEveryErrorIsAProblem() throws Exception {
        List<Operation> operations = operations();
        List<Probe> probes = new ArrayList<>();
        operations.forEach((operation) -> probes.addAll(badInputProbes(operation)));
        String token = system.tokens().of(Client.ADMIN);

        ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger notProblem = new AtomicInteger();
        AtomicInteger unnamed = new AtomicInteger();
        AtomicInteger outsideVocabulary = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentSkipListMap<>();
        run(probes, (probe) -> {
            Http.Response response = send(probe, token);
            statuses.computeIfAbsent(response.status(), (s) -> new AtomicInteger())
                    .incrementAndGet();
            rememberCreated(probe, response);
            if (response.status() >= 500) {
                serverErrors.incrementAndGet();
                findings.add(new Finding("5xx", probe, response));
            } else if (response.status() >= 400 && !response.isProblem()) {
                notProblem.incrementAndGet();
                findings.add(new Finding("not problem+json", probe, response));
            } else if (response.status() == 400 && probe.fieldAtFault() && !namesAField(response)) {
                unnamed.incrementAndGet();
                findings.add(new Finding("400 naming no field", probe, response));
            }
            if (response.status() >= 400
                    && response.isProblem()
                    && !unknownCodes(response).isEmpty()) {
                outsideVocabulary.incrementAndGet();
                findings.add(
                        new Finding("errors[].code outside the vocabulary " + unknownCodes(response), probe, response));
            }
            return null;
        });
        String line = String.format(
                Locale.ROOT,
                "%d operations, %d bad requests: 5xx=%d, errors not problem+json=%d, "
                        + "400s on a field's value not naming it in errors[]=%d, errors[].code outside the README's %d codes=%d, "
                        + "statuses %s",
                operations.size(),
                probes.size(),
                serverErrors.get(),
                notProblem.get(),
                unnamed.get(),
                errorCodes.size(),
                outsideVocabulary.get(),
                statuses);
        Summary.add("sweep", line);
        writeFindings("bad-input-findings.txt", findings);
        assertThat(findings.size())
                .as("bad input must never be a 5xx and every error must be application/problem+json; "
                        + "see target/bad-input-findings.txt; first: "
                        + findings.stream().limit(3).toList())
                .isZero();
    }

    @Test
    void noOperationAnswers2xxWithoutATokenOrWithTheWrongScope() throws Exception {
        List<Operation> operations = operations();
        List<Probe> probes = new ArrayList<>();
        for (Operation operation : operations) {
            probes.add(validProbe(operation, "no token"));
            probes.add(validProbe(operation, "wrong scope"));
        }
        String readOnly = system.tokens().of(Client.FRONTEND, "crm.read");
        String writeOnly = system.tokens().of(Client.FRONTEND, "crm.write");
        ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
        AtomicInteger unauthorised2xx = new AtomicInteger();
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger publicAnswered = new AtomicInteger();
        run(probes, (probe) -> {
            String token = probe.variant().equals("no token")
                    ? null
                    : probe.operation().method().equals("GET")
                                    || READING_POSTS.contains(probe.operation().name())
                            ? writeOnly
                            : readOnly;
            Http.Response response = send(probe, token);
            if (response.status() >= 200 && response.status() < 300) {
                if (PUBLIC_OPERATIONS.contains(probe.operation().name())) {
                    publicAnswered.incrementAndGet();
                } else {
                    unauthorised2xx.incrementAndGet();
                    findings.add(new Finding("unauthorised 2xx", probe, response));
                }
            } else if (response.status() >= 500) {
                serverErrors.incrementAndGet();
                findings.add(new Finding("5xx", probe, response));
            } else if (!response.isProblem()) {
                findings.add(new Finding("not problem+json", probe, response));
            }
            return null;
        });
        Summary.add(
                "sweep",
                String.format(
                        Locale.ROOT,
                        "%d operations without a token and with the wrong scope (%d requests): unauthorised 2xx=%d, 5xx=%d "
                                + "(public survey answers excepted)",
                        operations.size(),
                        probes.size(),
                        unauthorised2xx.get(),
                        serverErrors.get()));
        writeFindings("unauthorised-findings.txt", findings);
        assertThat(findings.size())
                .as("without a token or with the wrong scope nothing may succeed (nor fail with a 5xx); "
                        + "see target/unauthorised-findings.txt; first: "
                        + findings.stream().limit(3).toList())
                .isZero();
    }

    @AfterAll
    static void removeWhatTheProbesCreated() {
        if (api == null) {
            return;
        }
        Set<String> deletable = new HashSet<>();
        for (Operation operation : operations()) {
            if (operation.method().equals("DELETE")) {
                deletable.add(operation.path().replaceAll("\\{[^}/]+}$", "{}"));
            }
        }
        String token = system.tokens().of(Client.ADMIN);
        int removed = 0;
        Map<String, Integer> left = new TreeMap<>();
        for (Created created : CREATED) {
            if (!deletable.contains(created.operation().path() + "/{}")) {
                left.merge(created.operation().name(), 1, Integer::sum);
                continue;
            }
            Http.Response response = system.gateway()
                    .call("DELETE", created.collection() + "/" + created.id())
                    .token(token)
                    .send();
            assertThat(response.status())
                    .as("removing the sweep's %s %s: %s", created.operation().path(), created.id(), response)
                    .isIn(200, 202, 204, 404, 410);
            removed++;
        }
        Summary.add(
                "sweep",
                String.format(
                        Locale.ROOT,
                        "%d records the probes created (valid odd input) removed again, "
                                + "kept where no delete operation exists: %s",
                        removed,
                        left));
    }

    private static void rememberCreated(Probe probe, Http.Response response) {
        if (probe.operation().method().equals("POST")
                && response.status() == 201
                && response.contentType().contains("json")) {
            String id = response.json().path("id").asText("");
            if (!id.isEmpty()) {
                int query = probe.path().indexOf('?');
                CREATED.add(new Created(
                        probe.operation(),
                        query < 0 ? probe.path() : probe.path().substring(0, query),
                        id));
            }
        }
    }

    private static List<Operation> operations() {
        return ApiOperations.of(api);
    }

    // ---- probes

    private static Probe validProbe(Operation operation, String variant) {
        return new Probe(
                operation,
                variant,
                path(operation, Map.of(), null),
                operation.bodyContentType(),
                operation.hasBody() ? bytes(samples.valid(operation.bodySchema())) : null);
    }

    private static List<Probe> badInputProbes(Operation operation) {
        List<Probe> probes = new ArrayList<>();
        String validPath = path(operation, Map.of(), null);
        if (operation.hasBody()) {
            JsonNode schema = operation.bodySchema();
            String type = operation.bodyContentType();
            probes.add(new Probe(
                    operation, "malformed JSON", validPath, type, "{\"a\": [1, 2,".getBytes(StandardCharsets.UTF_8)));
            probes.add(new Probe(
                    operation,
                    "not JSON at all",
                    validPath,
                    type,
                    "<xml>hello</xml>".getBytes(StandardCharsets.UTF_8)));
            probes.add(new Probe(operation, "empty body", validPath, type, new byte[0]));
            probes.add(new Probe(operation, "JSON null", validPath, type, "null".getBytes(StandardCharsets.UTF_8)));
            probes.add(new Probe(
                    operation, "JSON array instead of object", validPath, type, "[]".getBytes(StandardCharsets.UTF_8)));
            probes.add(new Probe(
                    operation, "missing required fields", validPath, type, "{}".getBytes(StandardCharsets.UTF_8)));
            probes.add(new Probe(
                    operation, "unknown field", validPath, type, bytes(withExtraField(samples.valid(schema)))));
            probes.add(new Probe(
                    operation,
                    "wrong types",
                    validPath,
                    type,
                    bytes(samples.mutated(schema, BadInputSweepIT::wrongType))));
            probes.add(new Probe(
                    operation,
                    "huge strings",
                    validPath,
                    type,
                    bytes(samples.mutated(
                            schema, (leaf) -> isString(leaf) ? NODES.textNode("x".repeat(100_000)) : null))));
            probes.add(new Probe(
                    operation,
                    "huge arrays",
                    validPath,
                    type,
                    bytes(samples.mutated(schema, BadInputSweepIT::hugeArray))));
            probes.add(new Probe(
                    operation,
                    "injection strings",
                    validPath,
                    type,
                    bytes(samples.mutated(schema, (leaf) -> isString(leaf) ? NODES.textNode(INJECTION) : null))));
            probes.add(new Probe(
                    operation,
                    "negative numbers",
                    validPath,
                    type,
                    bytes(samples.mutated(schema, (leaf) -> isNumber(leaf) ? NODES.numberNode(-1) : null))));
            probes.add(new Probe(
                    operation,
                    "overflowing numbers",
                    validPath,
                    type,
                    bytes(samples.mutated(
                            schema,
                            (leaf) -> isNumber(leaf)
                                    ? NODES.numberNode(new BigInteger("99999999999999999999999999999999"))
                                    : null))));
            probes.add(new Probe(
                    operation,
                    "unknown enum values",
                    validPath,
                    type,
                    bytes(samples.mutated(schema, (leaf) -> leaf.has("enum") ? NODES.textNode("NOT_A_VALUE") : null))));
            probes.add(new Probe(
                    operation,
                    "NUL in strings",
                    validPath,
                    type,
                    bytes(samples.mutated(schema, (leaf) -> isString(leaf) ? NODES.textNode("sweep\0nul") : null))));
            probes.add(new Probe(
                    operation,
                    "control characters in strings",
                    validPath,
                    type,
                    bytes(samples.mutated(
                            schema, (leaf) -> isString(leaf) ? NODES.textNode("sweep\007\033[0m\b") : null))));
            probes.add(new Probe(
                    operation,
                    "unpaired surrogates in strings",
                    validPath,
                    type,
                    withLoneSurrogates(samples.mutated(
                            schema, (leaf) -> isString(leaf) ? NODES.textNode("sweep" + LONE_SURROGATE) : null))));
            probes.add(new Probe(
                    operation,
                    "a null element in every array",
                    validPath,
                    type,
                    bytes(withNullElements(samples.valid(schema)))));
            probes.add(new Probe(
                    operation,
                    "null for every nested object",
                    validPath,
                    type,
                    bytes(samples.mutated(
                            schema, (leaf) -> SchemaSamples.type(leaf).equals("object") ? NODES.nullNode() : null))));
            probes.add(new Probe(
                    operation,
                    "1e30 for every number",
                    validPath,
                    type,
                    bytes(samples.mutated(
                            schema, (leaf) -> isNumber(leaf) ? NODES.numberNode(new BigDecimal("1E+30")) : null))));
            probes.add(new Probe(
                    operation,
                    "2^63 for every number",
                    validPath,
                    type,
                    bytes(samples.mutated(
                            schema,
                            (leaf) -> isNumber(leaf) ? NODES.numberNode(BigInteger.ONE.shiftLeft(63)) : null))));
            probes.add(new Probe(
                    operation,
                    "1e400 for every number",
                    validPath,
                    type,
                    bytes(samples.mutated(
                            schema, (leaf) -> isNumber(leaf) ? NODES.numberNode(new BigDecimal("1E+400")) : null))));
            probes.add(new Probe(operation, "invalid UTF-8", validPath, type, invalidUtf8(samples.valid(schema))));
            probes.add(
                    new Probe(operation, "wrong content type", validPath, "text/plain", bytes(samples.valid(schema))));
        }
        for (JsonNode parameter : operation.spec().path("parameters")) {
            String in = parameter.path("in").asText();
            String name = parameter.path("name").asText();
            JsonNode schema = samples.resolve(parameter.path("schema"));
            if (!in.equals("query") && !in.equals("path")) {
                continue;
            }
            Map<String, String> bad = new LinkedHashMap<>();
            bad.put(
                    "wrong type",
                    SchemaSamples.type(schema).equals("string") && !schema.has("format") ? "" : "not-a-value");
            bad.put("huge string", "x".repeat(20_000));
            bad.put("injection", INJECTION);
            bad.put("negative", "-1");
            bad.put("overflow", "99999999999999999999999999999999");
            bad.put("unknown enum", "NOT_A_VALUE");
            bad.put("invalid UTF-8", "%C3%28%FF");
            bad.put("NUL", "%00");
            bad.put("control character", "sweep%07%1B");
            // an unpaired surrogate has no UTF-8 form: its CESU-8 bytes are what a client could send
            bad.put("unpaired surrogate", "sweep%ED%A0%80");
            bad.forEach((variant, value) -> {
                if (variant.equals("wrong type") && value.isEmpty()) {
                    return;
                }
                String path = path(operation, Map.of(name, value), in);
                probes.add(new Probe(
                        operation,
                        in + " " + name + ": " + variant,
                        path,
                        operation.bodyContentType(),
                        operation.hasBody() ? bytes(samples.valid(operation.bodySchema())) : null));
            });
        }
        return probes;
    }

    /** The path with path parameters filled and required query parameters given; {@code override} wins. */
    private static String path(Operation operation, Map<String, String> override, String overrideIn) {
        return ApiOperations.path(operation, samples, (op, in, name, schema) -> {
            if (override.containsKey(name) && in.equals(overrideIn)) {
                String value = override.get(name);
                return new ApiOperations.Value(value, value.contains("%"), true);
            }
            boolean customerPath =
                    op.path().startsWith("/api/customers/") || op.path().startsWith("/api/segmentation/customers/");
            return (customerPath && (name.equals("id") || name.equals("customerId")))
                    ? new ApiOperations.Value(customerId, false, false)
                    : null;
        });
    }

    // ---- leaf mutations

    private static boolean isString(JsonNode schema) {
        return SchemaSamples.type(schema).equals("string");
    }

    private static boolean isNumber(JsonNode schema) {
        String type = SchemaSamples.type(schema);
        return type.equals("integer") || type.equals("number");
    }

    private static JsonNode wrongType(JsonNode schema) {
        return switch (SchemaSamples.type(schema)) {
            case "string" -> NODES.numberNode(12345);
            case "integer", "number" -> NODES.textNode("twelve");
            case "boolean" -> NODES.textNode("maybe");
            case "array" -> NODES.textNode("not-an-array");
            case "object" -> NODES.arrayNode().add(1);
            default -> NODES.booleanNode(false);
        };
    }

    private static JsonNode hugeArray(JsonNode schema) {
        if (!SchemaSamples.type(schema).equals("array")) {
            return null;
        }
        JsonNode item = samples.valid(schema.path("items"));
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < 5_000; i++) {
            array.add(item);
        }
        return array;
    }

    private static JsonNode withExtraField(JsonNode sample) {
        if (sample instanceof ObjectNode object) {
            ObjectNode copy = object.deepCopy();
            copy.put("noSuchField", "surprise");
            return copy;
        }
        return sample;
    }

    /** The sample with a null appended to every array in it, at every depth. */
    private static JsonNode withNullElements(JsonNode sample) {
        JsonNode copy = sample.deepCopy();
        appendNulls(copy);
        return copy;
    }

    private static void appendNulls(JsonNode node) {
        node.forEach(BadInputSweepIT::appendNulls);
        if (node instanceof ArrayNode array) {
            array.addNull();
        }
    }

    /** The sample written with each {@link #LONE_SURROGATE} as the escape of an unpaired high surrogate. */
    private static byte[] withLoneSurrogates(JsonNode sample) {
        return new String(bytes(sample), StandardCharsets.UTF_8)
                .replace(LONE_SURROGATE, "\\ud800")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The valid sample with its first string value's bytes broken (a lone continuation byte, an overlong form). */
    private static byte[] invalidUtf8(JsonNode sample) {
        byte[] json = bytes(sample);
        byte[] marker = "\"".getBytes(StandardCharsets.UTF_8);
        int quote = -1;
        for (int i = 0; i < json.length; i++) {
            if (json[i] == marker[0] && i + 1 < json.length && json[i + 1] != ':' && i > 0 && json[i - 1] == ':') {
                quote = i;
                break;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (quote < 0) {
            out.writeBytes("{\"x\":\"".getBytes(StandardCharsets.UTF_8));
            out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xC0, (byte) 0xAF});
            out.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
        out.write(json, 0, quote + 1);
        out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xC0, (byte) 0xAF});
        out.write(json, quote + 1, json.length - quote - 1);
        return out.toByteArray();
    }

    // ---- plumbing

    private static Http.Response send(Probe probe, String token) {
        Http.Call call =
                system.gateway().call(probe.operation().method(), probe.path()).token(token);
        if (probe.body() != null) {
            call.raw(probe.contentType(), probe.body());
            if (probe.operation().method().equals("PATCH")
                    || probe.operation().method().equals("PUT")) {
                call.header("If-Match", "\"1\"");
            }
        }
        return call.send();
    }

    private static byte[] bytes(JsonNode node) {
        return ApiOperations.bytes(node);
    }

    private static void run(List<Probe> probes, Function<Probe, Void> check) throws Exception {
        ApiOperations.run(probes, check);
    }

    private static void writeFindings(String file, Collection<Finding> findings) throws Exception {
        ApiOperations.writeFindings(file, findings);
    }

    static String randomId() {
        return UUID.randomUUID().toString();
    }
}
