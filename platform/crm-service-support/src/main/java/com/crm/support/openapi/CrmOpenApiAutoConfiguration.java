package com.crm.support.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import com.crm.support.security.CrmScopes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;

/**
 * Every service's OpenAPI 3.1 document: relative server URL (so the gateway's Swagger UI calls through the
 * gateway), bearer JWT and the client-credentials flow of the token issuer.
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
public class CrmOpenApiAutoConfiguration {

    public static final String BEARER = "bearer-jwt";
    public static final String OAUTH2 = "oauth2";

    static {
        // free JSON (survey answers, a delivered event, a merge patch) is any object to a client; left alone,
        // springdoc describes Jackson's JsonNode class itself (isEmpty, nodeType, ...) as if those were fields
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema()
                .description("Any JSON object"));
    }

    /**
     * operationIds a generated client can keep: the controller's resource and the method ({@code CustomerController
     * .register} is {@code customerRegister}, {@code RunController.get} is {@code runGet}). springdoc's default, the
     * method name with {@code _1}, {@code _2}... by registration order, renamed existing client methods whenever any
     * controller of the service added a method of the same name. An explicit {@code @Operation(operationId)} wins.
     */
    @Bean
    OperationCustomizer crmOperationIds() {
        return (operation, handler) -> {
            io.swagger.v3.oas.annotations.Operation declared =
                    handler.getMethodAnnotation(io.swagger.v3.oas.annotations.Operation.class);
            if (declared == null || declared.operationId().isBlank()) {
                operation.setOperationId(operationId(handler.getBeanType().getSimpleName(),
                        handler.getMethod().getName()));
            }
            return operation;
        };
    }

    static String operationId(String controller, String method) {
        String resource = controller.endsWith("Controller")
                ? controller.substring(0, controller.length() - "Controller".length()) : controller;
        if (resource.isEmpty()) {
            return method;
        }
        return Character.toLowerCase(resource.charAt(0)) + resource.substring(1)
                + Character.toUpperCase(method.charAt(0)) + method.substring(1);
    }

    @Bean
    @ConditionalOnMissingBean
    OpenAPI crmOpenApi(@Value("${spring.application.name:crm}") String name,
                       @Value("${crm.openapi.description:CRM platform API}") String description,
                       // the Swagger UI lives at the gateway, which passes /oauth2/token to the issuer: the browser then
                       // asks for a token on the page's own origin, and the issuer needs no CORS
                       @Value("${crm.openapi.token-url:${CRM_OPENAPI_TOKEN_URL:http://localhost:8080/oauth2/token}}")
                       String tokenUrl) {
        Scopes scopes = new Scopes()
                .addString(CrmScopes.READ, "read CRM data")
                .addString(CrmScopes.WRITE, "create and change CRM data")
                .addString(CrmScopes.INTEGRATION, "batch sync from integrated systems")
                .addString(CrmScopes.ADMIN, "administer the platform");
        return new OpenAPI()
                .info(new Info().title(name).description(description).version("v1")
                        .license(new License().name("Apache-2.0")))
                .addServersItem(new Server().url("/").description("this host (the gateway or the service)"))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT"))
                        .addSecuritySchemes(OAUTH2, new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                                .flows(new OAuthFlows().clientCredentials(
                                        new OAuthFlow().tokenUrl(tokenUrl).scopes(scopes)))))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .addSecurityItem(new SecurityRequirement().addList(OAUTH2));
    }
}
