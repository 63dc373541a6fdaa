package com.crm.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A client generated from the OpenAPI document sends only values the service accepts. */
class OpenApiDocumentIntegrationTest extends FeedbackIntegrationTest {

    @Test
    void everyCheckedListAndFormatIsStatedInTheDocument() {
        JsonNode doc = anonymous.get("/v3/api-docs").json();
        JsonNode schemas = doc.at("/components/schemas");

        assertThat(values(schemas.at("/ComplaintInput/properties/channel/enum")))
                .contains("PHONE", "WEB_CHAT");
        assertThat(values(schemas.at("/AgentAnswer/properties/channel/enum"))).contains("PHONE", "WEB_CHAT");
        assertThat(values(schemas.at("/InvitationRequest/properties/channel/enum")))
                .contains("EMAIL");
        assertThat(values(schemas.at("/RuleInput/properties/interactionType/enum")))
                .contains("SERVICE");
        assertThat(values(schemas.at("/RuleInput/properties/direction/enum"))).containsExactly("INBOUND", "OUTBOUND");
        assertThat(values(schemas.at("/RuleInput/properties/inviteChannel/enum")))
                .contains("SMS");

        // free JSON answers are an object to a generated client (a typed @Schema once made them a string)
        assertThat(schemas.at("/PublicAnswer/properties/answers/type").asString())
                .isEqualTo("object");
        assertThat(schemas.at("/AgentAnswer/properties/answers/type").asString())
                .isEqualTo("object");

        JsonNode validFor = schemas.at("/InvitationRequest/properties/validFor");
        assertThat(validFor.at("/format").asString()).as(validFor.toString()).isEqualTo("duration");
        assertThat(validFor.at("/example").asString()).isEqualTo("P7D");
        assertThat("P7D").matches(validFor.at("/pattern").asString());

        assertThat(schemas.at("/ComplaintInput/properties/category/maxLength").asInt())
                .isEqualTo(64);
        assertThat(schemas.at("/ComplaintInput/properties/category/pattern").asString())
                .isNotEmpty();
        assertThat(schemas.at("/Question/properties/id/pattern").asString()).isNotEmpty();

        assertThat(values(parameter(doc, "/api/analytics/complaints", "groupBy").at("/schema/enum")))
                .containsExactly("period", "severity", "category", "channel");
        assertThat(parameter(doc, "/api/complaints", "limit")
                        .at("/schema/maximum")
                        .asInt())
                .isEqualTo(500);
    }

    private static JsonNode parameter(JsonNode doc, String path, String name) {
        for (JsonNode p : doc.at("/paths/" + path.replace("/", "~1") + "/get/parameters")) {
            if (p.get("name").asString().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no parameter " + name + " on GET " + path);
    }

    private static List<String> values(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
