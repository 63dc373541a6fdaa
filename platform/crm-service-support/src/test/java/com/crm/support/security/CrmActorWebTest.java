package com.crm.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestTokens;
import com.crm.test.TestTokensInitializer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A service's resource server, as every service gets it: the actor as a controller parameter, tokens for another
 * audience or naming an unknown role refused, the actor kept out of the API document, people's sign-in flow in it.
 */
@SpringBootTest(
        classes = CrmActorWebTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.application.name=actor-test",
            "spring.autoconfigure.exclude="
                    + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                    + "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"
        })
@ContextConfiguration(initializers = TestTokensInitializer.class)
class CrmActorWebTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(WhoAmI.class)
    static class App {}

    @RestController
    static class WhoAmI {
        @GetMapping("/api/whoami")
        Map<String, Object> whoAmI(CrmActor actor) {
            return Map.of(
                    "kind", actor.kind(),
                    "id", actor.id(),
                    "name", actor.name(),
                    "role", actor.role(),
                    "team", String.valueOf(actor.team()),
                    "sameAsCurrent", actor.equals(CrmActor.current()));
        }
    }

    @LocalServerPort
    int port;

    @Test
    void aControllerTakesThePersonFromTheToken() {
        JsonNode actor = get(TestTokens.forUser("alice", "agent", "north", "crm.read", "crm.write"))
                .json();

        assertThat(actor.get("kind").asString()).isEqualTo("USER");
        assertThat(actor.get("id").asString()).isEqualTo("alice");
        assertThat(actor.get("role").asString()).isEqualTo("AGENT");
        assertThat(actor.get("team").asString()).isEqualTo("north");
        assertThat(actor.get("sameAsCurrent").asBoolean()).isTrue();
    }

    @Test
    void aControllerTakesTheClientFromTheToken() {
        JsonNode actor =
                get(TestTokens.forClient("crm-partner-integrator", "crm.read")).json();

        assertThat(actor.get("kind").asString()).isEqualTo("CLIENT");
        assertThat(actor.get("id").asString()).isEqualTo("crm-partner-integrator");
        assertThat(actor.get("role").asString()).isEqualTo("CLIENT");
    }

    @Test
    void aTokenForAnotherAudienceOrNoneIsRefused() {
        assertThat(get(TestTokens.forAudience("some-other-api", "crm.read")).status())
                .isEqualTo(401);
        assertThat(get(TestTokens.forAudience(null, "crm.read")).status()).isEqualTo(401);
        assertThat(get(TestTokens.withScopes("crm.read")).status()).isEqualTo(200);
    }

    @Test
    void aPersonsTokenWithAnUnknownRoleIsRefused() {
        ApiResponse response = get(TestTokens.forUser("eve", "supervisor", "north", "crm.read"));

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void theApiDocumentLeavesTheActorOutAndOffersPeopleTheirSignIn() {
        JsonNode document = ApiClient.of(url()).get("/v3/api-docs").json();

        JsonNode operation = document.path("paths").path("/api/whoami").path("get");
        assertThat(operation.isMissingNode()).isFalse();
        assertThat(operation.path("parameters").isMissingNode()
                        || operation.path("parameters").isEmpty())
                .as("no parameter for the actor: %s", operation)
                .isTrue();
        JsonNode flows = document.path("components")
                .path("securitySchemes")
                .path("oauth2")
                .path("flows");
        assertThat(flows.path("authorizationCode").path("authorizationUrl").asString())
                .isEqualTo("http://localhost:9000/oauth2/authorize");
        assertThat(flows.path("authorizationCode").path("tokenUrl").asString())
                .isEqualTo("http://localhost:8080/oauth2/token");
        assertThat(flows.path("clientCredentials").isMissingNode()).isFalse();
    }

    private ApiResponse get(String token) {
        return ApiClient.of(url()).withToken(token).get("/api/whoami");
    }

    private String url() {
        return "http://localhost:" + port;
    }
}
