package com.crm.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The committed aggregated OpenAPI snapshot (from which the client is generated) must be what the platform serves.
 * With {@code -Dcrm.openapi.refresh=true} (system-tests/refresh-openapi.sh) it rewrites the snapshot instead.
 */
@Order(1)
class OpenApiSnapshotIT {

    @Test
    void theCommittedSnapshotIsWhatTheGatewayServes() throws Exception {
        SystemUnderTest system = SystemUnderTest.get();
        ObjectNode live = LiveApi.aggregated(system);
        Path snapshot = Path.of(System.getProperty("crm.openapi.snapshot", "src/main/openapi/crm-api.json"));
        if (Boolean.getBoolean("crm.openapi.refresh")) {
            Files.createDirectories(snapshot.toAbsolutePath().getParent());
            Files.writeString(snapshot, pretty(live), StandardCharsets.UTF_8);
            Summary.add(
                    "openapi",
                    "snapshot refreshed: " + snapshot + " ("
                            + live.path("paths").size() + " paths)");
            return;
        }
        assertThat(snapshot)
                .as("OpenAPI snapshot; create it with system-tests/refresh-openapi.sh")
                .exists();
        JsonNode committed = Http.JSON.readTree(Files.readString(snapshot, StandardCharsets.UTF_8));
        List<String> drift = differences(committed, live);
        Summary.add(
                "openapi",
                drift.isEmpty()
                        ? "snapshot = live (" + live.path("paths").size() + " paths)"
                        : "DRIFT: " + drift.size() + " difference(s)");
        assertThat(drift)
                .as(
                        "The live API differs from %s; run system-tests/refresh-openapi.sh and commit the "
                                + "snapshot (the client is generated from it). Differences",
                        snapshot)
                .isEmpty();
    }

    @Test
    void everyReferenceInTheLiveDocumentsResolves() {
        ObjectNode live = LiveApi.aggregated(SystemUnderTest.get());
        List<String> unresolved = new ArrayList<>();
        live.path("info").path("x-unresolved-references").forEach((ref) -> unresolved.add(ref.asText()));
        Summary.add("openapi", "unresolved $refs in the live documents: " + unresolved.size() + " " + unresolved);
        assertThat(unresolved)
                .as("$ref targets no service's document defines (a generated client cannot use them)")
                .isEmpty();
    }

    @Test
    void everyOperationDocumentsItsSuccess() {
        ObjectNode live = LiveApi.aggregated(SystemUnderTest.get());
        List<String> silent = new ArrayList<>();
        live.path("paths")
                .properties()
                .forEach((path) -> path.getValue().properties().forEach((operation) -> {
                    List<String> codes = new ArrayList<>();
                    operation.getValue().path("responses").fieldNames().forEachRemaining(codes::add);
                    if (codes.stream().noneMatch((code) -> code.startsWith("2"))) {
                        silent.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " " + codes);
                    }
                }));
        Summary.add("openapi", "operations documenting no success response: " + silent.size());
        assertThat(silent)
                .as("operations whose document names no 2xx answer (a generated client returns nothing "
                        + "for them); add @ApiResponse with the success code")
                .isEmpty();
    }

    static String pretty(JsonNode document) throws Exception {
        return Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n";
    }

    /** Readable differences: paths, operations and component schemas added, removed or changed. */
    static List<String> differences(JsonNode committed, JsonNode live) {
        List<String> drift = new ArrayList<>();
        compareMembers("path", committed.path("paths"), live.path("paths"), drift);
        compareMembers(
                "schema",
                committed.path("components").path("schemas"),
                live.path("components").path("schemas"),
                drift);
        if (drift.isEmpty() && !committed.equals(live)) {
            drift.add("the documents differ outside paths and schemas (info, tags, security...)");
        }
        return drift;
    }

    private static void compareMembers(String kind, JsonNode before, JsonNode after, List<String> drift) {
        Set<String> names = new TreeSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (!before.has(name)) {
                drift.add(kind + " added: " + name);
            } else if (!after.has(name)) {
                drift.add(kind + " removed: " + name);
            } else if (!before.get(name).equals(after.get(name))) {
                drift.add(kind + " changed: " + name);
            }
        }
    }
}
