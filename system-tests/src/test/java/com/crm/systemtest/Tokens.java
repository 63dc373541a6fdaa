package com.crm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Client-credentials tokens from the issuer, cached until shortly before they expire. */
public final class Tokens {

    /** The local issuer's demo clients (secrets overridable like the launcher's). */
    public enum Client {
        FRONTEND("crm-frontend", "CRM_FRONTEND_SECRET", "frontend-secret"),
        ERP("crm-erp-integrator", "CRM_ERP_SECRET", "erp-secret"),
        /** a second integrator, for ownership between integrators */
        PARTNER("crm-partner-integrator", "CRM_PARTNER_SECRET", "partner-secret"),
        ADMIN("crm-admin", "CRM_ADMIN_SECRET", "admin-secret");

        final String id;

        final String secret;

        Client(String id, String variable, String defaultSecret) {
            this.id = id;
            String fromEnvironment = System.getenv(variable);
            this.secret = (fromEnvironment == null || fromEnvironment.isBlank()) ? defaultSecret : fromEnvironment;
        }
    }

    private record Cached(String token, Instant expires) {}

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String issuerUrl;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public Tokens(String issuerUrl) {
        this.issuerUrl = issuerUrl;
    }

    /**
     * A person's access token (a demo user of the local issuer: alice, bob, maria, admin), signed in through the
     * authorization code flow with PKCE, with the scopes their role allows of {@code crm.read crm.write}.
     */
    public String ofPerson(String username) {
        String key = "person " + username;
        Cached cached = this.cache.get(key);
        if (cached != null && cached.expires().isAfter(Instant.now())) {
            return cached.token();
        }
        JsonNode body = new PersonSignIn(this.issuerUrl).signIn(username, "openid crm.read crm.write");
        long seconds = body.path("expires_in").asLong(300);
        Cached fresh =
                new Cached(body.path("access_token").asText(), Instant.now().plusSeconds(Math.max(30, seconds - 120)));
        this.cache.put(key, fresh);
        return fresh.token();
    }

    /** A token with every scope of the client. */
    public String of(Client client) {
        return of(client, null);
    }

    /** A token narrowed to {@code scope} (space-separated), or every scope when null. */
    public String of(Client client, String scope) {
        String key = client.id + " " + scope;
        Cached cached = this.cache.get(key);
        if (cached != null && cached.expires().isAfter(Instant.now())) {
            return cached.token();
        }
        Cached fresh = fetch(client, scope);
        this.cache.put(key, fresh);
        return fresh.token();
    }

    private Cached fetch(Client client, String scope) {
        String form = "grant_type=client_credentials"
                + ((scope != null) ? "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8) : "");
        String basic =
                Base64.getEncoder().encodeToString((client.id + ":" + client.secret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.issuerUrl + "/oauth2/token"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("Token for " + client.id + " (scope " + scope + "): HTTP "
                        + response.statusCode() + " " + response.body());
            }
            JsonNode body = Http.JSON.readTree(response.body());
            long seconds = body.path("expires_in").asLong(300);
            return new Cached(
                    body.path("access_token").asText(), Instant.now().plusSeconds(Math.max(30, seconds - 120)));
        } catch (IOException ex) {
            throw new AssertionError("Token endpoint " + this.issuerUrl + " unreachable: " + ex, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }
}
