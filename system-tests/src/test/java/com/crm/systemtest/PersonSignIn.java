package com.crm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person signing in as a single-page app does it: the authorization code flow with PKCE through the issuer's
 * public client {@code crm-web}, the login form filled in a cookie-keeping client that follows no redirect.
 */
final class PersonSignIn {

    private static final String CLIENT = "crm-web";

    /** One of crm-web's registered redirect URIs; nothing listens there, the code is read from the Location. */
    private static final String REDIRECT = "http://localhost:5173/callback";

    private static final Pattern CSRF = Pattern.compile(
            "<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuerUrl;

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    PersonSignIn(String issuerUrl) {
        this.issuerUrl = issuerUrl;
    }

    /** The token response for {@code username} (password from {@code CRM_<NAME>_PASSWORD}, else the default). */
    JsonNode signIn(String username, String scope) {
        try {
            String verifier = verifier();
            String authorize = "/oauth2/authorize?response_type=code&client_id=" + CLIENT + "&redirect_uri="
                    + encode(REDIRECT) + "&scope=" + encode(scope) + "&state=system-test&code_challenge="
                    + challenge(verifier) + "&code_challenge_method=S256";
            expect(get(authorize), 302, "authorize (to the login page)");
            HttpResponse<String> page = expect(get("/login"), 200, "login page");
            HttpResponse<String> posted = expect(
                    post("/login", Map.of("username", username, "password", password(username), "_csrf", csrf(page))),
                    302,
                    "login");
            String afterLogin = location(posted);
            if (afterLogin.contains("/login?error")) {
                throw new AssertionError(username + " could not sign in (wrong password?)");
            }
            String redirect = location(expect(get(afterLogin), 302, "authorize (signed in)"));
            String code = query(redirect).get("code");
            if (code == null) {
                throw new AssertionError("no code in the redirect " + redirect);
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "authorization_code");
            form.put("code", code);
            form.put("redirect_uri", REDIRECT);
            form.put("client_id", CLIENT);
            form.put("code_verifier", verifier);
            HttpResponse<String> token = expect(post("/oauth2/token", form), 200, "code exchange");
            return Http.JSON.readTree(token.body());
        } catch (IOException ex) {
            throw new AssertionError("Issuer " + this.issuerUrl + " unreachable: " + ex, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    private static String password(String username) {
        String fromEnvironment = System.getenv("CRM_" + username.toUpperCase(Locale.ROOT) + "_PASSWORD");
        return (fromEnvironment == null || fromEnvironment.isBlank()) ? username + "-password" : fromEnvironment;
    }

    private HttpResponse<String> get(String pathOrUrl) throws IOException, InterruptedException {
        return this.http.send(
                HttpRequest.newBuilder(uri(pathOrUrl))
                        .timeout(Duration.ofSeconds(20))
                        .header("Accept", "text/html")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map((entry) -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
        return this.http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : this.issuerUrl + pathOrUrl);
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status, String step) {
        if (response.statusCode() != status) {
            throw new AssertionError("sign-in step " + step + ": HTTP " + response.statusCode() + " "
                    + response.headers().firstValue("Location").orElse("") + " " + response.body());
        }
        return response;
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher matcher = CSRF.matcher(page.body());
        if (!matcher.find()) {
            throw new AssertionError("no _csrf field on the login page");
        }
        return (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
    }

    private static String location(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location, status " + response.statusCode()));
    }

    private static Map<String, String> query(String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] parts = pair.split("=", 2);
                parameters.put(
                        URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        (parts.length > 1) ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return parameters;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A PKCE code verifier (RFC 7636: 43 to 128 characters). */
    private static String verifier() {
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** S256: BASE64URL(SHA-256(verifier)). */
    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
