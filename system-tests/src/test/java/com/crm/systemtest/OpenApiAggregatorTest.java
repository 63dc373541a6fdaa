package com.crm.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiAggregatorTest {

    @Test
    void mergesPathsRenamesConflictingSchemasAndOperationIdsAndFlagsDanglingReferences() throws Exception {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        documents.put("customer-service", Http.JSON.readTree("""
				{"openapi":"3.1.0","paths":{"/api/customers/{id}":{"get":{"operationId":"get","responses":{"200":
				{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Page"}}}}}}},
				"/api/customers/batch":{"post":{"operationId":"batch","requestBody":{"content":{"application/json":
				{"schema":{"$ref":"#/components/schemas/Missing"}}}}}}},
				"components":{"schemas":{"Page":{"type":"object","properties":{"a":{"type":"string"}}},
				"Shared":{"type":"string"}}}}
				"""));
        documents.put("interaction-service", Http.JSON.readTree("""
				{"openapi":"3.1.0","paths":{"/api/interactions/{id}":{"get":{"operationId":"get","responses":{"200":
				{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Page"}}}}}}}},
				"components":{"schemas":{"Page":{"type":"object","properties":{"b":{"type":"integer"}}},
				"Shared":{"type":"string"}}}}
				"""));

        ObjectNode merged = OpenApiAggregator.aggregate(documents);

        assertThat(merged.path("paths").size()).isEqualTo(3);
        assertThat(merged.at("/paths/~1api~1customers~1{id}/get/operationId").asText())
                .isEqualTo("customerGet");
        assertThat(merged.at("/paths/~1api~1interactions~1{id}/get/operationId").asText())
                .isEqualTo("interactionGet");
        assertThat(merged.at("/paths/~1api~1customers~1batch/post/operationId").asText())
                .as("an id only one service uses stays as it is")
                .isEqualTo("batch");
        assertThat(merged.at("/paths/~1api~1customers~1{id}/get/responses/200/content/application~1json/schema/$ref")
                        .asText())
                .isEqualTo("#/components/schemas/CustomerPage");
        assertThat(merged.at("/paths/~1api~1interactions~1{id}/get/responses/200/content/application~1json/schema/$ref")
                        .asText())
                .isEqualTo("#/components/schemas/InteractionPage");
        JsonNode schemas = merged.path("components").path("schemas");
        assertThat(schemas.has("CustomerPage")).isTrue();
        assertThat(schemas.has("InteractionPage")).isTrue();
        assertThat(schemas.has("Page")).isFalse();
        assertThat(schemas.has("Shared")).isTrue();
        assertThat(merged.at("/info/x-unresolved-references/0").asText()).isEqualTo("#/components/schemas/Missing");
        assertThat(schemas.path("Missing").path("type").asText()).isEqualTo("object");
        // deterministic: the same input gives the same document
        assertThat(OpenApiAggregator.aggregate(documents)).isEqualTo(merged);
    }
}
