package com.crm.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A client generated from the OpenAPI document sends only values the service accepts. */
class OpenApiDocumentIntegrationTest extends WebhookIntegrationTest {

    @Test
    void everyCheckedBoundListAndFormatIsStatedInTheDocument() {
        JsonNode doc = anonymous.get("/v3/api-docs").json();
        JsonNode input = doc.at("/components/schemas/SubscriptionInput/properties");

        assertThat(input.at("/targetUrl/format").asString())
                .as(input.toString())
                .isEqualTo("uri");
        assertThat(input.at("/targetUrl/maxLength").asInt()).isEqualTo(2000);
        assertThat(input.at("/eventTypes/minItems").asInt()).isEqualTo(1);
        assertThat(input.at("/eventTypes/maxItems").asInt()).isEqualTo(50);
        assertThat("crm.customer.*")
                .matches(input.at("/eventTypes/items/pattern").asString());
        assertThat("crm.customer.registered")
                .matches(input.at("/eventTypes/items/pattern").asString());
        assertThat(input.at("/secret/minLength").asInt()).isEqualTo(38);
        assertThat(input.at("/secret/maxLength").asInt()).isEqualTo(94);
        assertThat(input.at("/secret/pattern").asString()).isNotEmpty();
        assertThat(input.at("/description/maxLength").asInt()).isEqualTo(500);
        assertThat(input.at("/thirdParty/type").asString()).isEqualTo("boolean");
        assertThat(input.at("/thirdParty/default").asBoolean(true)).isFalse();
        assertThat(input.at("/thirdParty/description").asString()).contains("THIRD_PARTY_SHARING", "GRANTED");
        JsonNode view = doc.at("/components/schemas/SubscriptionView/properties");
        assertThat(view.at("/thirdParty/type").asString()).as(view.toString()).isEqualTo("boolean");
        assertThat(view.at("/thirdParty/description").asString()).contains("THIRD_PARTY_SHARING");

        JsonNode deliveries = doc.at("/paths/~1api~1webhooks~1subscriptions~1{id}~1deliveries/get/parameters");
        assertThat(values(parameter(deliveries, "status").at("/schema/enum")))
                .containsExactlyInAnyOrder("PENDING", "DELIVERED", "DEAD", "PURGED");
        assertThat(parameter(deliveries, "limit").at("/schema/maximum").asInt()).isEqualTo(500);
        assertThat(parameter(deliveries, "limit").at("/schema/minimum").asInt()).isEqualTo(1);
    }

    private static JsonNode parameter(JsonNode parameters, String name) {
        for (JsonNode p : parameters) {
            if (p.get("name").asString().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + parameters);
    }

    private static List<String> values(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
