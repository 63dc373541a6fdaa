package com.crm.tokenissuer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

// CRM_ADMIN_SECRET stands in for the environment variable of the same name
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "CRM_ADMIN_SECRET=admin-secret-from-env")
class TokenIssuerApplicationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    RegisteredClientRepository clients;

    @Test
    void issuesClientCredentialsJwtVerifiableWithThePublishedKeys() throws Exception {
        HttpResponse<String> response = requestToken("crm-erp-integrator", "erp-secret", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("token_type").asString()).isEqualToIgnoringCase("Bearer");
        assertThat(body.get("expires_in").asLong()).isBetween(3590L, 3600L);

        // the signature checks out against the key served by the JWKS endpoint
        Jwt jwt = NimbusJwtDecoder.withJwkSetUri(url("/oauth2/jwks"))
                .build()
                .decode(body.get("access_token").asString());
        assertThat(jwt.getSubject()).isEqualTo("crm-erp-integrator");
        assertThat(jwt.getIssuer()).hasToString("http://localhost:9000");
        assertThat(jwt.getAudience()).as("the API every service checks").containsExactly("crm-api");
        assertThat(scopes(jwt)).containsExactlyInAnyOrder("crm.read", "crm.write", "crm.integration");
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void issuesFeedbackServiceItsServiceToServiceToken() throws Exception {
        HttpResponse<String> response = requestToken("crm-feedback-service", "feedback-service-secret", null);

        assertThat(response.statusCode()).isEqualTo(200);
        Jwt jwt = NimbusJwtDecoder.withJwkSetUri(url("/oauth2/jwks"))
                .build()
                .decode(JSON.readTree(response.body()).get("access_token").asString());
        assertThat(jwt.getSubject()).isEqualTo("crm-feedback-service");
        assertThat(scopes(jwt)).containsExactlyInAnyOrder("crm.read", "crm.write");
    }

    @Test
    void jwksEndpointServesTheSigningKey() throws Exception {
        HttpResponse<String> response = get("/oauth2/jwks");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode key = JSON.readTree(response.body()).get("keys").get(0);
        assertThat(key.get("kty").asString()).isEqualTo("RSA");
        assertThat(key.get("kid").asString()).isNotBlank();
        assertThat(key.has("n")).isTrue();
        assertThat(key.has("d")).as("no private part").isFalse();
    }

    @Test
    void requestedScopesAreNarrowedAndUnknownOnesRefused() throws Exception {
        HttpResponse<String> narrowed = requestToken("crm-frontend", "frontend-secret", "crm.read");
        assertThat(narrowed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(narrowed.body()).get("scope").asString()).isEqualTo("crm.read");

        HttpResponse<String> refused = requestToken("crm-frontend", "frontend-secret", "crm.admin");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid_scope");
    }

    @Test
    void secretsComeFromTheEnvironmentAndAreStoredHashed() throws Exception {
        assertThat(this.clients.findByClientId("crm-admin").getClientSecret()).startsWith("{bcrypt}");
        assertThat(this.clients.findByClientId("crm-frontend").getClientSecret())
                .startsWith("{bcrypt}");

        assertThat(requestToken("crm-admin", "admin-secret", null).statusCode()).isEqualTo(401);
        HttpResponse<String> response = requestToken("crm-admin", "admin-secret-from-env", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("scope").asString().split(" "))
                .containsExactlyInAnyOrder(
                        "crm.read",
                        "crm.write",
                        "crm.admin",
                        "crm.integration",
                        "crm.merge",
                        "crm.erase",
                        "crm.export",
                        "crm.config");
    }

    @Test
    void wrongSecretIsUnauthorized() throws Exception {
        HttpResponse<String> response = requestToken("crm-erp-integrator", "not-the-secret", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid_client");
    }

    @Test
    void healthIsOpenAndOtherPathsAreNot() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");

        assertThat(get("/actuator/env").statusCode()).isIn(401, 403);
    }

    @Test
    void publishesProviderMetadataForIssuerDiscovery() throws Exception {
        HttpResponse<String> response = get("/.well-known/openid-configuration");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode metadata = JSON.readTree(response.body());
        assertThat(metadata.get("issuer").asString()).isEqualTo("http://localhost:9000");
        assertThat(metadata.get("jwks_uri").asString()).isEqualTo("http://localhost:9000/oauth2/jwks");
    }

    private HttpResponse<String> requestToken(String clientId, String secret, String scope) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=client_credentials" + ((scope != null) ? "&scope=" + scope : "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/oauth2/token")))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return this.http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return this.http.send(
                HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://localhost:" + this.port + path;
    }

    @SuppressWarnings("unchecked")
    private static List<String> scopes(Jwt jwt) {
        Object scope = jwt.getClaims().get("scope");
        return (scope instanceof List<?> list)
                ? (List<String>) list
                : List.of(String.valueOf(scope).split(" "));
    }
}
