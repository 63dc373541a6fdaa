package com.crm.interaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.CrmServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@CrmServiceTest
class InteractionServiceStartupIntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void startsWithItsSchemaAndRefusesCallsWithoutAToken() {
        ApiClient anonymous = ApiClient.of("http://localhost:" + port);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        var refused = anonymous.get("/api/interactions/00000000-0000-0000-0000-000000000001");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    @Test
    void documentsTheStandardErrorsAndTheDurationsAndKeysItChecks() {
        var docs = ApiClient.of("http://localhost:" + port).get("/v3/api-docs").json();
        var create = docs.get("paths").get("/api/contact-policies").get("post").get("responses");
        assertThat(create.get("400").get("description").asString())
                .isEqualTo("Invalid input; errors[] names each field at fault");
        assertThat(create.get("401").get("description").asString()).isEqualTo("No valid bearer token");
        // a controller's own description of a standard status stays
        assertThat(create.get("403").get("description").asString())
                .isEqualTo("The token lacks the scope (writes need crm.config or crm.admin)");
        var timeline = docs.get("paths")
                .get("/api/customers/{customerId}/timeline")
                .get("get")
                .get("responses");
        assertThat(timeline.get("401").get("description").asString()).isEqualTo("No valid bearer token");

        var schemas = docs.get("components").get("schemas");
        assertThat(schemas.get("ContactPolicyInput")
                        .get("properties")
                        .get("window")
                        .get("format")
                        .asString())
                .isEqualTo("duration");
        assertThat(schemas.get("ContactPolicyInput")
                        .get("properties")
                        .get("minGap")
                        .get("format")
                        .asString())
                .isEqualTo("duration");
        assertThat(schemas.get("PlanRule")
                        .get("properties")
                        .get("every")
                        .get("format")
                        .asString())
                .isEqualTo("duration");
    }
}
