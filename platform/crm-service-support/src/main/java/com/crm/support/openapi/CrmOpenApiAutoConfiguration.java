package com.crm.support.openapi;

import com.crm.support.security.CrmActor;
import com.crm.support.security.CrmScopes;
import com.crm.support.security.CrmSecurityProperties;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;
import org.springframework.util.AntPathMatcher;
import tools.jackson.databind.JsonNode;

/**
 * Every service's OpenAPI 3.1 document: relative server URL (so the gateway's Swagger UI calls through the
 * gateway), bearer JWT, and the identity provider's flows: authorization code with PKCE for people (public client
 * {@code crm-web}), client credentials for integrated systems; every operation answers the standard problem+json
 * errors.
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
public class CrmOpenApiAutoConfiguration {

    public static final String BEARER = "bearer-jwt";
    public static final String OAUTH2 = "oauth2";

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_SCHEMA = ProblemDetail.class.getSimpleName();

    /** The errors any operation may answer, by status; the 401 and 403 only where a token is required. */
    static final Map<String, String> STANDARD_ERRORS = standardErrors();

    private static Map<String, String> standardErrors() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("400", "Invalid input; errors[] names each field at fault");
        errors.put("401", "No valid bearer token");
        errors.put("403", "The token lacks the scope");
        return errors;
    }

    static {
        // free JSON (survey answers, a delivered event, a merge patch) is any object to a client; left alone,
        // springdoc describes Jackson's JsonNode class itself (isEmpty, nodeType, ...) as if those were fields
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema().description("Any JSON object"));
        // the caller comes from the token (CrmActorArgumentResolver), never from the request
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CrmActor.class);
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
                operation.setOperationId(operationId(
                        handler.getBeanType().getSimpleName(),
                        handler.getMethod().getName()));
            }
            return operation;
        };
    }

    /**
     * The problem+json errors every operation can answer (400 invalid input, 401 no valid token, 403 lacking scope),
     * so controllers need not repeat them. An operation (or its controller) that documents one of these statuses
     * keeps its own; a public path ({@code crm.security.public-paths}) takes no token, so it gets no 401 or 403.
     */
    @Bean
    OpenApiCustomizer crmStandardErrors(ObjectProvider<CrmSecurityProperties> security) {
        List<String> publicPaths =
                security.stream().flatMap(p -> p.publicPaths().stream()).toList();
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            boolean added = false;
            for (var path : openApi.getPaths().entrySet()) {
                boolean isPublic = isPublic(path.getKey(), publicPaths);
                for (Operation operation : path.getValue().readOperations()) {
                    added |= addStandardErrors(operation, isPublic);
                }
            }
            if (added) {
                addProblemSchema(openApi);
            }
        };
    }

    static boolean isPublic(String path, List<String> publicPaths) {
        AntPathMatcher matcher = new AntPathMatcher();
        return publicPaths.stream().anyMatch(pattern -> matcher.match(pattern, path));
    }

    private static boolean addStandardErrors(Operation operation, boolean isPublic) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        boolean added = false;
        for (var error : STANDARD_ERRORS.entrySet()) {
            boolean needsToken = !error.getKey().equals("400");
            if ((isPublic && needsToken) || operation.getResponses().containsKey(error.getKey())) {
                continue;
            }
            operation
                    .getResponses()
                    .addApiResponse(
                            error.getKey(),
                            new ApiResponse()
                                    .description(error.getValue())
                                    .content(new Content()
                                            .addMediaType(
                                                    PROBLEM_JSON,
                                                    new MediaType()
                                                            .schema(new Schema<>()
                                                                    .$ref("#/components/schemas/" + PROBLEM_SCHEMA)))));
            added = true;
        }
        return added;
    }

    /** The schema the added responses refer to, as springdoc would have resolved it for an annotation. */
    private static void addProblemSchema(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        if (openApi.getComponents().getSchemas() != null
                && openApi.getComponents().getSchemas().containsKey(PROBLEM_SCHEMA)) {
            return;
        }
        boolean openApi31 = openApi.getOpenapi() != null && openApi.getOpenapi().startsWith("3.1");
        @SuppressWarnings("rawtypes")
        Map<String, Schema> schemas =
                ModelConverters.getInstance(openApi31).readAll(new AnnotatedType(ProblemDetail.class));
        schemas.forEach((name, schema) -> {
            if (openApi.getComponents().getSchemas() == null
                    || !openApi.getComponents().getSchemas().containsKey(name)) {
                openApi.getComponents().addSchemas(name, schema);
            }
        });
    }

    /**
     * A map keyed by an enum (e.g. consents by channel) accepts only the enum's names as keys: the document names
     * them (a property each, nothing else, and propertyNames for clients that read it), else a generated client
     * sees a free string-keyed object and sends keys the service refuses.
     */
    @Bean
    PropertyCustomizer crmEnumKeyedMaps() {
        return (schema, type) -> {
            if (schema == null || type == null || type.getType() == null || schema.getAdditionalProperties() == null) {
                return schema;
            }
            var javaType = Json.mapper().constructType(type.getType());
            if (!javaType.isMapLikeType() || !javaType.getKeyType().isEnumType()) {
                return schema;
            }
            List<String> keys = Stream.of(javaType.getKeyType().getRawClass().getEnumConstants())
                    .map(key -> ((Enum<?>) key).name())
                    .toList();
            if (schema.getAdditionalProperties() instanceof Schema<?> value) {
                keys.forEach(key -> schema.addProperty(key, value));
            }
            schema.setAdditionalProperties(false);
            schema.setPropertyNames(
                    new Schema<String>().type("string").types(Set.of("string"))._enum(keys));
            return schema;
        };
    }

    static String operationId(String controller, String method) {
        String resource = controller.endsWith("Controller")
                ? controller.substring(0, controller.length() - "Controller".length())
                : controller;
        if (resource.isEmpty()) {
            return method;
        }
        return Character.toLowerCase(resource.charAt(0))
                + resource.substring(1)
                + Character.toUpperCase(method.charAt(0))
                + method.substring(1);
    }

    /** What a person may ask for when signing in; the identity provider caps them by the person's role. */
    private static Scopes userScopes() {
        return new Scopes()
                .addString("openid", "sign in (OpenID Connect)")
                .addString(CrmScopes.READ, "read CRM data")
                .addString(CrmScopes.WRITE, "create and change CRM data")
                .addString(CrmScopes.ADMIN, "administer the platform (admins only)");
    }

    @Bean
    @ConditionalOnMissingBean
    OpenAPI crmOpenApi(
            @Value("${spring.application.name:crm}") String name,
            @Value("${crm.openapi.description:CRM platform API}") String description,
            // the Swagger UI lives at the gateway, which passes /oauth2/token to the issuer: the browser then
            // asks for a token on the page's own origin, and the issuer needs no CORS
            @Value("${crm.openapi.token-url:${CRM_OPENAPI_TOKEN_URL:http://localhost:8080/oauth2/token}}")
                    String tokenUrl,
            // people sign in on the identity provider's own page: the browser goes there, so this is its public URL
            @Value(
                            "${crm.openapi.authorization-url:${CRM_OPENAPI_AUTHORIZATION_URL:http://localhost:9000/oauth2/authorize}}")
                    String authorizationUrl) {
        Scopes scopes = new Scopes()
                .addString(CrmScopes.READ, "read CRM data")
                .addString(CrmScopes.WRITE, "create and change CRM data")
                .addString(CrmScopes.INTEGRATION, "batch sync from integrated systems")
                .addString(CrmScopes.ADMIN, "administer the platform");
        return new OpenAPI()
                .info(new Info()
                        .title(name)
                        .description(description)
                        .version("v1")
                        .license(new License().name("Apache-2.0")))
                .addServersItem(new Server().url("/").description("this host (the gateway or the service)"))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT"))
                        .addSecuritySchemes(
                                OAUTH2,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.OAUTH2)
                                        .flows(new OAuthFlows()
                                                .authorizationCode(new OAuthFlow()
                                                        .authorizationUrl(authorizationUrl)
                                                        .tokenUrl(tokenUrl)
                                                        .scopes(userScopes()))
                                                .clientCredentials(new OAuthFlow()
                                                        .tokenUrl(tokenUrl)
                                                        .scopes(scopes)))))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .addSecurityItem(new SecurityRequirement().addList(OAUTH2));
    }
}
