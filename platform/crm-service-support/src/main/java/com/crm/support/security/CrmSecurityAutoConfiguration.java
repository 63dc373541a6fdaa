package com.crm.support.security;

import com.crm.support.problem.ProblemResponseWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every service is a JWT resource server: reads need {@code crm.read}, writes {@code crm.write}
 * ({@code crm.admin} may do both); a POST to one of {@code crm.security.read-paths} is a read (a search); everything else is refused unless named public.
 * Endpoints needing another scope (e.g. {@code crm.integration}) say so with {@code @PreAuthorize}. Tokens must name
 * this API as audience; the caller is a {@link CrmActor}, which controllers take as a parameter.
 */
@AutoConfiguration
@EnableMethodSecurity
@EnableConfigurationProperties(CrmSecurityProperties.class)
public class CrmSecurityAutoConfiguration {

    /**
     * Wraps the resource server's {@link JwtDecoder} in a {@link ValidatedTokenCache}: a signature check and a parse
     * per token instead of per request. {@code crm.security.token-cache.max-size} (0 turns it off) and
     * {@code crm.security.token-cache.max-age} bound it.
     */
    @Bean
    static BeanPostProcessor crmValidatedTokenCache(Environment environment) {
        Binder binder = Binder.get(environment);
        long maxSize =
                binder.bind("crm.security.token-cache.max-size", Long.class).orElse(10_000L);
        Duration maxAge =
                binder.bind("crm.security.token-cache.max-age", Duration.class).orElse(Duration.ofMinutes(5));
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JwtDecoder decoder && !(bean instanceof ValidatedTokenCache) && maxSize > 0) {
                    return new ValidatedTokenCache(decoder, maxSize, maxAge);
                }
                return bean;
            }
        };
    }

    /**
     * Tokens must be issued for this API: {@code aud} names {@code crm.security.audience} (default {@code crm-api}).
     * Spring Boot adds this to the decoder it builds, next to its signature, issuer and time checks.
     * {@code crm.security.audience-check=false} turns it off.
     */
    @Bean
    @ConditionalOnProperty(name = "crm.security.audience-check", havingValue = "true", matchIfMissing = true)
    OAuth2TokenValidator<Jwt> crmAudienceValidator(CrmSecurityProperties properties) {
        return CrmTokenValidators.audience(properties.audience());
    }

    /** A person's token must name a known role ({@code crm_role}) and a subject, so every request has an actor. */
    @Bean
    OAuth2TokenValidator<Jwt> crmActorValidator() {
        return CrmTokenValidators.actor();
    }

    /** Controllers take the caller as a parameter: {@code CrmActor actor}. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    WebMvcConfigurer crmActorArguments() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CrmActorArgumentResolver());
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemResponseWriter problemResponseWriter(JsonMapper mapper) {
        return new ProblemResponseWriter(mapper);
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain crmSecurityFilterChain(
            HttpSecurity http, CrmSecurityProperties properties, ProblemResponseWriter writer, Environment environment)
            throws Exception {
        var entryPoint = new ProblemAuthenticationEntryPoint(writer);
        var deniedHandler = new ProblemAccessDeniedHandler(writer);
        http.csrf(csrf -> csrf.disable())
                .cors(Customizer.withDefaults())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.requestMatchers(
                                properties.allPublicPaths().toArray(String[]::new))
                        .permitAll()
                        .requestMatchers(HttpMethod.OPTIONS, "/**")
                        .permitAll()
                        .requestMatchers(new ManagementPortMetricsMatcher(
                                environment.getProperty("management.server.port", Integer.class)))
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasAuthority(CrmScopes.ADMIN_AUTHORITY)
                        .requestMatchers(properties.integrationPaths().toArray(String[]::new))
                        .access((authentication, context) -> new AuthorizationDecision(integrationAllowed(
                                authentication.get(), context.getRequest().getMethod())))
                        .requestMatchers(HttpMethod.POST, properties.readPaths().toArray(String[]::new))
                        .hasAnyAuthority(CrmScopes.READ_AUTHORITY, CrmScopes.ADMIN_AUTHORITY)
                        .requestMatchers(HttpMethod.GET, "/**")
                        .hasAnyAuthority(CrmScopes.READ_AUTHORITY, CrmScopes.ADMIN_AUTHORITY)
                        .requestMatchers(HttpMethod.HEAD, "/**")
                        .hasAnyAuthority(CrmScopes.READ_AUTHORITY, CrmScopes.ADMIN_AUTHORITY)
                        .anyRequest()
                        .hasAnyAuthority(CrmScopes.WRITE_AUTHORITY, CrmScopes.ADMIN_AUTHORITY))
                .oauth2ResourceServer(oauth -> oauth.jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(deniedHandler))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler));
        return http.build();
    }

    private static boolean integrationAllowed(Authentication authentication, String method) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return false;
        }
        Set<String> granted = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        if (granted.contains(CrmScopes.ADMIN_AUTHORITY)) {
            return true;
        }
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        return granted.contains(CrmScopes.INTEGRATION_AUTHORITY)
                && granted.contains(read ? CrmScopes.READ_AUTHORITY : CrmScopes.WRITE_AUTHORITY);
    }
}
