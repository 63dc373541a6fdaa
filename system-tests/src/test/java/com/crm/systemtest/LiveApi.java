package com.crm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;

/** The aggregated OpenAPI document of the running platform, read through the gateway's public /api-docs. */
final class LiveApi {

    private LiveApi() {}

    static ObjectNode aggregated(SystemUnderTest system) {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        for (String service : system.apiServices()) {
            Http.Response response = Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> system.gateway().get("/api-docs/" + service).send(), (r) -> r.status() != 503);
            if (response.status() == 404 && !system.ownsTheStack()) {
                // a running stack of another version: a service it does not route is not part of its API
                continue;
            }
            if (response.status() != 200) {
                throw new AssertionError("/api-docs/" + service + " through the gateway: " + response);
            }
            documents.put(service, response.json());
        }
        return OpenApiAggregator.aggregate(documents);
    }
}
