package com.crm.support.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param publicPaths      extra paths reachable without a token (the rare, named exceptions, e.g. a survey answer
 *                         link); health, API docs and Swagger UI are always public
 * @param integrationPaths paths for integrated systems (batch sync): they need {@code crm.integration} as well as
 *                         the usual read/write scope ({@code crm.admin} alone also passes)
 * @param readPaths        paths whose POST only reads (a search with a request body, as HubSpot's): it needs
 *                         {@code crm.read} like a GET, not {@code crm.write}
 * @param audience         the audience every accepted token must name in its {@code aud} claim (default
 *                         {@code crm-api}): a token issued for another API of the same identity provider is refused
 * @param audienceCheck    {@code false} turns the audience check off (default {@code true}); only for setups whose
 *                         identity provider cannot put an audience into access tokens
 */
@ConfigurationProperties("crm.security")
public record CrmSecurityProperties(
        List<String> publicPaths,
        List<String> integrationPaths,
        List<String> readPaths,
        String audience,
        Boolean audienceCheck) {

    public static final String DEFAULT_AUDIENCE = "crm-api";

    public CrmSecurityProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
        integrationPaths = integrationPaths == null ? List.of() : List.copyOf(integrationPaths);
        readPaths = readPaths == null ? List.of() : List.copyOf(readPaths);
        audience = (audience == null || audience.isBlank()) ? DEFAULT_AUDIENCE : audience.trim();
        audienceCheck = audienceCheck == null || audienceCheck;
    }

    List<String> allPublicPaths() {
        List<String> all = new ArrayList<>(List.of(
                "/actuator/health",
                "/actuator/health/**",
                "/actuator/info",
                "/v3/api-docs",
                "/v3/api-docs/**",
                "/swagger-ui.html",
                "/swagger-ui/**",
                "/error"));
        all.addAll(publicPaths);
        return all;
    }
}
