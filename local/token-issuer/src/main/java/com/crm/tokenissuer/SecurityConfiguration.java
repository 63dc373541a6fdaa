package com.crm.tokenissuer;

import static org.springframework.security.config.Customizer.withDefaults;

import com.crm.tokenissuer.people.PeopleDirectory;
import com.crm.tokenissuer.people.PeopleProperties;
import com.crm.tokenissuer.people.PersonTokenClaims;
import com.crm.tokenissuer.people.RoleScopesAuthenticationProvider;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Three chains, declared here so Boot's defaults step aside:
 *
 * <ol>
 *   <li>the authorization server's endpoints: client credentials for integrated systems (with default scopes when a
 *       request names none), the authorization code flow with PKCE for people (a browser not yet signed in is sent to
 *       the login page; the scopes are capped by the person's role), OpenID metadata and user info;
 *   <li>{@code /admin/**}: the people and teams admin API, a resource server accepting this issuer's own access
 *       tokens with {@code crm.admin}; errors as problem+json;
 *   <li>everything else: the form login page (Spring's), health and info open, the rest of actuator refused.
 * </ol>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PeopleProperties.class)
class SecurityConfiguration {

    @Bean
    PeopleDirectory peopleDirectory(PeopleProperties properties) {
        return new PeopleDirectory(properties);
    }

    /** {@code aud} on every access token; a person's claims on theirs. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> crmTokenClaims(
            PeopleDirectory directory, @Value("${crm.token-issuer.audience}") String audience) {
        return new PersonTokenClaims(directory, audience);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http, PeopleDirectory directory)
            throws Exception {
        http.oauth2AuthorizationServer((authorizationServer) -> {
                    http.securityMatcher(authorizationServer.getEndpointsMatcher());
                    authorizationServer.tokenEndpoint((tokenEndpoint) -> tokenEndpoint.authenticationProviders(
                            DefaultScopesAuthenticationProvider::wrapClientCredentialsProvider));
                    authorizationServer.authorizationEndpoint(
                            (authorizationEndpoint) -> authorizationEndpoint.authenticationProviders(
                                    (providers) -> RoleScopesAuthenticationProvider.wrapAuthorizationRequestProvider(
                                            providers, directory)));
                    // OpenID provider metadata too, so resource servers' issuer-uri discovery finds it first
                    authorizationServer.oidc(withDefaults());
                })
                .authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
                // a browser that is not signed in yet goes to the login page, then back to /oauth2/authorize;
                // anything else unauthenticated (a code exchange without verifier or secret) is a plain 401
                .exceptionHandling((exceptions) -> exceptions
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login"), browserNavigation())
                        .defaultAuthenticationEntryPointFor(
                                new BearerTokenAuthenticationEntryPoint(), AnyRequestMatcher.INSTANCE))
                // user info (OIDC) takes the person's access token
                .oauth2ResourceServer((resourceServer) -> resourceServer.jwt(withDefaults()))
                // the token endpoint answers browsers of the allowed origins (a frontend's code exchange)
                .cors(withDefaults());
        return http.build();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityFilterChain adminSecurityFilterChain(
            HttpSecurity http,
            JWKSource<SecurityContext> keys,
            AuthorizationServerSettings settings,
            @Value("${crm.token-issuer.audience}") String audience)
            throws Exception {
        // this issuer's own access tokens only: its key, its issuer, the API's audience (not an ID token)
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(settings.getIssuer()),
                (Jwt jwt) -> (jwt.getAudience() != null && jwt.getAudience().contains(audience))
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error(
                                OAuth2ErrorCodes.INVALID_TOKEN, "not an access token for " + audience, null))));
        http.securityMatcher("/admin/**")
                .authorizeHttpRequests((authorize) -> authorize.anyRequest().hasAuthority("SCOPE_crm.admin"))
                .oauth2ResourceServer((resourceServer) -> resourceServer
                        .jwt((jwt) -> jwt.decoder(decoder))
                        .authenticationEntryPoint((request, response, e) -> problem(
                                response,
                                HttpStatus.UNAUTHORIZED,
                                "No valid bearer token",
                                "urn:crm:problem:unauthorized"))
                        .accessDeniedHandler((request, response, e) -> problem(
                                response,
                                HttpStatus.FORBIDDEN,
                                "The token lacks the scope crm.admin",
                                "urn:crm:problem:forbidden")))
                .sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf((csrf) -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 2)
    SecurityFilterChain applicationSecurityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests((authorize) -> authorize
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/error")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .denyAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(withDefaults())
                // no login redirect for actuator: a 401 as before
                .exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                        PathPatternRequestMatcher.withDefaults().matcher("/actuator/**")));
        return http.build();
    }

    /** A request that asks for a page by name (Accept: text/html), as a browser's navigation does; not {@code *}/{@code *}. */
    private static MediaTypeRequestMatcher browserNavigation() {
        MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        return matcher;
    }

    /** Browsers of these origins may call the token endpoint directly (their code exchange, with PKCE). */
    @Bean
    CorsConfigurationSource corsConfigurationSource(@Value("${crm.token-issuer.cors-origins}") List<String> origins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(origins);
        cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/oauth2/token", cors);
        source.registerCorsConfiguration("/oauth2/jwks", cors);
        source.registerCorsConfiguration("/userinfo", cors);
        source.registerCorsConfiguration("/.well-known/openid-configuration", cors);
        return source;
    }

    private static void problem(HttpServletResponse response, HttpStatus status, String title, String type)
            throws IOException {
        response.setStatus(status.value());
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream()
                .write(("{\"type\":\"" + type + "\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                                + status.value() + ",\"detail\":\"" + title + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }
}
