package com.crm.tokenissuer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * People sign in through the issuer over real HTTP, as a browser and a single-page app would: the authorization
 * code flow with PKCE through the public client crm-web; people and teams managed through the admin API.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "CRM_BOB_PASSWORD=bob-password-from-env")
@DirtiesContext
class PeopleSignInTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REDIRECT = "http://localhost:5173/callback";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Test
    void anAgentSignsInWithPkceAndHerTokenSaysWhoSheIs() throws Exception {
        SignIn signIn = signIn("alice", "alice-password", "openid crm.read crm.write");
        HttpResponse<String> response = signIn.exchange(signIn.verifier);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.has("refresh_token"))
                .as("no refresh token for a public client")
                .isFalse();
        assertThat(body.has("id_token")).isTrue();
        Jwt token = decode(body.get("access_token").asString());
        assertThat(token.getSubject()).isEqualTo("alice");
        assertThat(token.getClaimAsString("preferred_username")).isEqualTo("alice");
        assertThat(token.getClaimAsString("crm_role")).isEqualTo("agent");
        assertThat(token.getClaimAsString("crm_team")).isEqualTo("north");
        assertThat(token.getAudience()).containsExactly("crm-api");
        assertThat(token.getIssuer()).hasToString("http://localhost:9000");
        assertThat(scopes(token)).contains("crm.read", "crm.write").doesNotContain("crm.admin");

        Jwt idToken = decode(body.get("id_token").asString());
        assertThat(idToken.getAudience()).containsExactly("crm-web");
        assertThat(idToken.getClaimAsString("crm_team")).isEqualTo("north");
    }

    @Test
    void aPersonsScopesAreCappedByTheirRole() throws Exception {
        SignIn agent = signIn("alice", "alice-password", "openid crm.read crm.write crm.admin");
        JsonNode agentBody = JSON.readTree(agent.exchange(agent.verifier).body());
        assertThat(scopes(decode(agentBody.get("access_token").asString())))
                .contains("crm.read", "crm.write")
                .doesNotContain("crm.admin");
        assertThat(agentBody.get("scope").asString()).doesNotContain("crm.admin");

        SignIn manager = signIn("maria", "maria-password", "openid");
        Jwt maria = decode(JSON.readTree(manager.exchange(manager.verifier).body())
                .get("access_token")
                .asString());
        assertThat(maria.getClaimAsString("crm_role")).isEqualTo("manager");
        assertThat(maria.getClaimAsString("crm_team")).isEqualTo("north");
        assertThat(scopes(maria)).as("no crm scope asked: the role's").contains("crm.read", "crm.write");

        SignIn admin = signIn("admin", "admin-password", "openid crm.read crm.write crm.admin");
        Jwt adminToken = decode(JSON.readTree(admin.exchange(admin.verifier).body())
                .get("access_token")
                .asString());
        assertThat(adminToken.getClaimAsString("crm_role")).isEqualTo("admin");
        assertThat(adminToken.hasClaim("crm_team")).isFalse();
        assertThat(scopes(adminToken)).contains("crm.read", "crm.write", "crm.admin");
    }

    @Test
    void passwordsComeFromTheEnvironment() throws Exception {
        assertThat(login("bob", "bob-password").signedIn).isFalse();
        SignIn bob = signIn("bob", "bob-password-from-env", "openid crm.read");
        Jwt token = decode(JSON.readTree(bob.exchange(bob.verifier).body())
                .get("access_token")
                .asString());
        assertThat(token.getClaimAsString("crm_team")).isEqualTo("south");
    }

    @Test
    void aWrongVerifierOrNoneOrAReusedCodeIsRefused() throws Exception {
        SignIn signIn = signIn("alice", "alice-password", "openid crm.read");

        HttpResponse<String> wrong = signIn.exchange(Browser.newVerifier());
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("invalid_grant");

        SignIn another = signIn("alice", "alice-password", "openid crm.read");
        HttpResponse<String> none = another.exchange(null);
        assertThat(none.statusCode())
                .as("%s %s", none.headers().map(), none.body())
                .isIn(400, 401);
    }

    @Test
    void anAuthorizationRequestWithoutPkceIsRefused() throws Exception {
        Browser browser = new Browser(url(""));
        Login login = login(browser, "alice", "alice-password");
        assertThat(login.signedIn).isTrue();

        HttpResponse<String> response = browser.get("/oauth2/authorize?response_type=code&client_id=crm-web"
                + "&redirect_uri=" + Browser.encode(REDIRECT) + "&scope=openid&state=s1");
        // the error goes back to the client's redirect URI
        assertThat(Browser.location(response)).startsWith(REDIRECT).contains("error=invalid_request");
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        Login login = login("alice", "not-her-password");

        assertThat(login.signedIn).isFalse();
        assertThat(login.location).contains("/login?error");
    }

    @Test
    void clientCredentialsTokensCarryTheAudienceAndThePartnerHasItsOwn() throws Exception {
        Jwt partner = decode(clientToken("crm-partner-integrator", "partner-secret"));

        assertThat(partner.getSubject()).isEqualTo("crm-partner-integrator");
        assertThat(partner.getAudience()).containsExactly("crm-api");
        assertThat(partner.hasClaim("crm_role")).isFalse();
        assertThat(scopes(partner)).containsExactlyInAnyOrder("crm.read", "crm.write", "crm.integration");
    }

    @Test
    void anAdminCreatesAPersonWhoThenSignsInAndChangesTheirRole() throws Exception {
        String admin = adminToken();
        HttpResponse<String> team = admin(admin, "POST", "/admin/teams", "{\"id\":\"west\",\"name\":\"West\"}");
        assertThat(team.statusCode()).isEqualTo(201);

        HttpResponse<String> created = admin(
                admin,
                "POST",
                "/admin/users",
                "{\"username\":\"carol\",\"password\":\"carol-password\",\"role\":\"agent\",\"team\":\"west\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/admin/users/carol");
        assertThat(created.body()).doesNotContain("password");

        SignIn carol = signIn("carol", "carol-password", "openid crm.read crm.write");
        Jwt token = decode(JSON.readTree(carol.exchange(carol.verifier).body())
                .get("access_token")
                .asString());
        assertThat(token.getClaimAsString("crm_role")).isEqualTo("agent");
        assertThat(token.getClaimAsString("crm_team")).isEqualTo("west");

        HttpResponse<String> promoted =
                admin(admin, "PUT", "/admin/users/carol", "{\"role\":\"manager\",\"team\":\"north\",\"enabled\":true}");
        assertThat(promoted.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(promoted.body()).get("role").asString()).isEqualTo("manager");
        SignIn again = signIn("carol", "carol-password", "openid crm.read");
        Jwt next = decode(JSON.readTree(again.exchange(again.verifier).body())
                .get("access_token")
                .asString());
        assertThat(next.getClaimAsString("crm_role")).isEqualTo("manager");
        assertThat(next.getClaimAsString("crm_team")).isEqualTo("north");

        assertThat(admin(
                                admin,
                                "PUT",
                                "/admin/users/carol",
                                "{\"role\":\"manager\",\"team\":\"north\",\"enabled\":false}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(login("carol", "carol-password").signedIn).as("disabled").isFalse();

        assertThat(admin(admin, "DELETE", "/admin/users/carol", null).statusCode())
                .isEqualTo(204);
        assertThat(admin(admin, "GET", "/admin/users/carol", null).statusCode()).isEqualTo(404);
        assertThat(admin(admin, "DELETE", "/admin/teams/west", null).statusCode())
                .isEqualTo(204);
    }

    @Test
    void theAdminApiNamesEveryFieldAtFault() throws Exception {
        String admin = adminToken();

        HttpResponse<String> invalid = admin(
                admin,
                "POST",
                "/admin/users",
                "{\"username\":\"Not A Name\",\"password\":\"short\",\"role\":\"boss\",\"team\":\"nowhere\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type"))
                .hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(invalid.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        Map<String, String> codes = new LinkedHashMap<>();
        problem.get("errors")
                .forEach((error) -> codes.put(
                        error.get("field").asString(), error.get("code").asString()));
        assertThat(codes)
                .containsEntry("username", "invalid-format")
                .containsEntry("password", "too-short")
                .containsEntry("role", "invalid-value")
                .containsEntry("team", "unknown-reference");

        HttpResponse<String> noTeam = admin(
                admin,
                "POST",
                "/admin/users",
                "{\"username\":\"dave\",\"password\":\"dave-password\",\"role\":\"agent\"}");
        assertThat(noTeam.statusCode()).isEqualTo(400);
        assertThat(noTeam.body()).contains("\"team\"").contains("required");

        HttpResponse<String> taken = admin(
                admin,
                "POST",
                "/admin/users",
                "{\"username\":\"alice\",\"password\":\"alice-password\",\"role\":\"agent\",\"team\":\"north\"}");
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("taken");

        HttpResponse<String> unknownField =
                admin(admin, "POST", "/admin/teams", "{\"id\":\"x\",\"name\":\"X\",\"colour\":1}");
        assertThat(unknownField.statusCode()).isEqualTo(400);

        HttpResponse<String> members = admin(admin, "DELETE", "/admin/teams/north", null);
        assertThat(members.statusCode()).isEqualTo(409);
        assertThat(members.body()).contains("alice").contains("maria");

        HttpResponse<String> missing = admin(admin, "GET", "/admin/users/nobody", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void onlyAnAdminReachesTheAdminApi() throws Exception {
        SignIn alice = signIn("alice", "alice-password", "openid crm.read crm.write");
        String agentToken = JSON.readTree(alice.exchange(alice.verifier).body())
                .get("access_token")
                .asString();
        HttpResponse<String> agent = admin(agentToken, "GET", "/admin/users", null);
        assertThat(agent.statusCode()).isEqualTo(403);
        assertThat(agent.headers().firstValue("Content-Type"))
                .hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));

        assertThat(admin(clientToken("crm-erp-integrator", "erp-secret"), "GET", "/admin/users", null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(admin(null, "GET", "/admin/users", null).statusCode()).isEqualTo(401);
        assertThat(admin("not-a-token", "GET", "/admin/users", null).statusCode())
                .isEqualTo(401);
        // an ID token is no access token, even an admin's
        SignIn admin = signIn("admin", "admin-password", "openid crm.admin");
        JsonNode adminBody = JSON.readTree(admin.exchange(admin.verifier).body());
        assertThat(admin(adminBody.get("id_token").asString(), "GET", "/admin/users", null)
                        .statusCode())
                .isEqualTo(401);

        HttpResponse<String> adminPerson = admin(adminBody.get("access_token").asString(), "GET", "/admin/users", null);
        assertThat(adminPerson.statusCode()).isEqualTo(200);
        List<String> usernames = JSON.readTree(adminPerson.body())
                .valueStream()
                .map((user) -> user.get("username").asString())
                .toList();
        assertThat(usernames).contains("admin", "alice", "bob", "maria");
        assertThat(adminPerson.body()).doesNotContain("bcrypt");
    }

    // --- the flow, step by step

    /** Through the login form up to the redirect with a code. */
    private SignIn signIn(String username, String password, String scope) throws Exception {
        Browser browser = new Browser(url(""));
        String verifier = Browser.newVerifier();
        String authorize = "/oauth2/authorize?response_type=code&client_id=crm-web&redirect_uri="
                + Browser.encode(REDIRECT) + "&scope=" + Browser.encode(scope) + "&state=state-123"
                + "&code_challenge=" + Browser.challenge(verifier) + "&code_challenge_method=S256";

        HttpResponse<String> toLogin = browser.get(authorize);
        assertThat(toLogin.statusCode()).as("not signed in: to the login page").isEqualTo(302);
        assertThat(Browser.location(toLogin)).endsWith("/login");

        Login login = login(browser, username, password);
        assertThat(login.signedIn).as("signed in as %s", username).isTrue();
        assertThat(login.location).contains("/oauth2/authorize");

        HttpResponse<String> back = browser.get(login.location);
        assertThat(back.statusCode()).isEqualTo(302);
        String redirect = Browser.location(back);
        assertThat(redirect).as("no consent page for crm-web").startsWith(REDIRECT);
        Map<String, String> parameters = Browser.query(redirect);
        assertThat(parameters).containsEntry("state", "state-123").containsKey("code");
        return new SignIn(parameters.get("code"), verifier);
    }

    private Login login(String username, String password) throws Exception {
        return login(new Browser(url("")), username, password);
    }

    private Login login(Browser browser, String username, String password) throws Exception {
        HttpResponse<String> page = browser.get("/login");
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> posted = browser.postForm(
                "/login", Map.of("username", username, "password", password, "_csrf", Browser.csrfToken(page.body())));
        assertThat(posted.statusCode()).isEqualTo(302);
        String location = Browser.location(posted);
        return new Login(!location.contains("/login?error"), location);
    }

    private record Login(boolean signedIn, String location) {}

    private final class SignIn {
        final String code;
        final String verifier;

        SignIn(String code, String verifier) {
            this.code = code;
            this.verifier = verifier;
        }

        /** The code exchange of a public client: client_id and code_verifier, no secret. */
        HttpResponse<String> exchange(String codeVerifier) throws Exception {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "authorization_code");
            form.put("code", this.code);
            form.put("redirect_uri", REDIRECT);
            form.put("client_id", "crm-web");
            if (codeVerifier != null) {
                form.put("code_verifier", codeVerifier);
            }
            return http.send(
                    HttpRequest.newBuilder(URI.create(url("/oauth2/token")))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(Browser.form(form)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private String adminToken() throws Exception {
        return clientToken("crm-admin", "admin-secret");
    }

    private String clientToken(String clientId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = this.http.send(
                HttpRequest.newBuilder(URI.create(url("/oauth2/token")))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private HttpResponse<String> admin(String token, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Jwt decode(String token) {
        return NimbusJwtDecoder.withJwkSetUri(url("/oauth2/jwks")).build().decode(token);
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
