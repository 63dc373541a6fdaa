package com.crm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceArgumentsTest {

    private static final Path REPO = Path.of("/repo");

    private static StackConfig config(List<String> args, List<ServiceSpec> services) {
        return StackConfig.resolve(
                Settings.of(args, Map.of(), Map.of()), REPO, Optional.empty(), Optional.of("/jdk/bin/java"), services);
    }

    private static ServiceSpec service(String name) {
        return Services.ALL.stream()
                .filter((s) -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void tokenIssuer() {
        assertThat(ServiceArguments.applicationArguments(service("token-issuer"), config(List.of(), Services.ALL)))
                .containsExactly(
                        "--server.port=9000",
                        "--spring.security.oauth2.authorizationserver.issuer=http://localhost:9000",
                        // its audit events (people and role changes) go to crm.audit.v1
                        "--spring.kafka.bootstrap-servers=localhost:19092");
    }

    @Test
    void customerService() {
        assertThat(ServiceArguments.applicationArguments(service("customer-service"), config(List.of(), Services.ALL)))
                .containsExactly(
                        "--server.port=8081",
                        "--spring.datasource.url=jdbc:postgresql://localhost:15432/crm_customer",
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres",
                        "--spring.kafka.bootstrap-servers=localhost:19092",
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=http://localhost:9000");
    }

    @Test
    void gateway() {
        assertThat(ServiceArguments.applicationArguments(service("gateway"), config(List.of(), Services.ALL)))
                .containsExactly(
                        "--server.port=8080",
                        "--crm.gateway.customer-service-uri=http://localhost:8081",
                        "--crm.gateway.interaction-service-uri=http://localhost:8082",
                        "--crm.gateway.segmentation-service-uri=http://localhost:8083",
                        "--crm.gateway.feedback-service-uri=http://localhost:8084",
                        "--crm.gateway.webhook-service-uri=http://localhost:8085",
                        "--crm.gateway.loyalty-service-uri=http://localhost:8086",
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=http://localhost:9000");
    }

    @Test
    void movedPortsReachEveryServiceThatRefersToThem() {
        StackConfig config = config(
                List.of("--issuer-port=9100", "--customer-port=18081", "--postgres-port=25432", "--kafka-port=29092"),
                Services.ALL);

        assertThat(ServiceArguments.applicationArguments(service("gateway"), config))
                .containsExactly(
                        "--server.port=8080",
                        "--crm.gateway.customer-service-uri=http://localhost:18081",
                        "--crm.gateway.interaction-service-uri=http://localhost:8082",
                        "--crm.gateway.segmentation-service-uri=http://localhost:8083",
                        "--crm.gateway.feedback-service-uri=http://localhost:8084",
                        "--crm.gateway.webhook-service-uri=http://localhost:8085",
                        "--crm.gateway.loyalty-service-uri=http://localhost:8086",
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=http://localhost:9100");
        assertThat(ServiceArguments.applicationArguments(service("customer-service"), config))
                .contains(
                        "--spring.datasource.url=jdbc:postgresql://localhost:25432/crm_customer",
                        "--spring.kafka.bootstrap-servers=localhost:29092");
    }

    @Test
    void commandUsesTheLauncherJavaTheOptionsAndACopyOfTheJarSoRebuildsCannotPullItAway() {
        List<String> command = ServiceArguments.command(
                service("token-issuer"), config(List.of("--java-opts=-Xmx200m -XX:+UseSerialGC"), Services.ALL));

        assertThat(command)
                .containsExactly(
                        "/jdk/bin/java",
                        "-Xmx200m",
                        "-XX:+UseSerialGC",
                        "-jar",
                        "/repo/.crm-run/token-issuer-0.1.0-SNAPSHOT.jar",
                        "--server.port=9000",
                        "--spring.security.oauth2.authorizationserver.issuer=http://localhost:9000",
                        "--spring.kafka.bootstrap-servers=localhost:19092");
    }

    @Test
    void displayedCommandHidesThePassword() {
        List<String> command = ServiceArguments.command(service("customer-service"), config(List.of(), Services.ALL));

        assertThat(ServiceArguments.display(command))
                .contains("--spring.datasource.password=***")
                .doesNotContain("password=postgres");
    }

    @Test
    void interactionServiceGetsItsDatabaseKafkaAndAGatewayRoute() {
        StackConfig config = config(List.of(), Services.ALL);

        assertThat(config.databases())
                .containsExactly(
                        "crm_customer",
                        "crm_interaction",
                        "crm_segmentation",
                        "crm_feedback",
                        "crm_webhook",
                        "crm_loyalty");
        assertThat(ServiceArguments.applicationArguments(service("interaction-service"), config))
                .containsExactly(
                        "--server.port=8082",
                        "--spring.datasource.url=jdbc:postgresql://localhost:15432/crm_interaction",
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres",
                        "--spring.kafka.bootstrap-servers=localhost:19092",
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=http://localhost:9000");
        assertThat(service("interaction-service").dependsOn(Services.ALL)).containsExactly("token-issuer");
        assertThat(ServiceArguments.applicationArguments(service("gateway"), config))
                .contains("--crm.gateway.interaction-service-uri=http://localhost:8082");
        assertThat(service("token-issuer").dependsOn(Services.ALL)).isEmpty();
    }

    @Test
    void feedbackServiceGetsItsDatabaseKafkaTheContactCheckTheTokenIssuerAndAGatewayRoute() {
        StackConfig config = config(List.of("--issuer-port=9100"), Services.ALL);

        assertThat(ServiceArguments.applicationArguments(service("feedback-service"), config))
                .containsExactly(
                        "--server.port=8084",
                        "--spring.datasource.url=jdbc:postgresql://localhost:15432/crm_feedback",
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres",
                        "--spring.kafka.bootstrap-servers=localhost:19092",
                        "--crm.feedback.interaction-service-uri=http://localhost:8082",
                        "--crm.feedback.token-issuer-uri=http://localhost:9100",
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=http://localhost:9100");
        assertThat(service("feedback-service").dependsOn(Services.ALL)).containsExactly("token-issuer");
        assertThat(ServiceArguments.applicationArguments(service("gateway"), config))
                .contains("--crm.gateway.feedback-service-uri=http://localhost:8084");
    }

    @Test
    void webhookServiceGetsItsDatabaseKafkaLoopbackTargetsALocalSecretKeyAndAGatewayRoute() {
        StackConfig config = config(List.of("--webhook-port=18085"), Services.ALL);

        assertThat(ServiceArguments.applicationArguments(service("webhook-service"), config))
                .containsExactly(
                        "--server.port=18085",
                        "--spring.datasource.url=jdbc:postgresql://localhost:15432/crm_webhook",
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres",
                        "--spring.kafka.bootstrap-servers=localhost:19092",
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=http://localhost:9000",
                        "--crm.webhook.allowed-targets=${CRM_WEBHOOK_ALLOWED_TARGETS:"
                                + "https://*,http://localhost,http://127.0.0.1,http://[::1]}",
                        "--crm.webhook.secret-key=${CRM_WEBHOOK_SECRET_KEY:local-stack-only-webhook-secret-key}",
                        "--crm.webhook.development-keyset=${CRM_WEBHOOK_DEVELOPMENT_KEYSET:true}");
        assertThat(service("webhook-service").dependsOn(Services.ALL)).containsExactly("token-issuer");
        assertThat(ServiceArguments.applicationArguments(service("gateway"), config))
                .contains("--crm.gateway.webhook-service-uri=http://localhost:18085");
    }

    @Test
    void segmentationServiceGetsItsDatabaseKafkaTokenValidationAndAGatewayRoute() {
        StackConfig config = config(List.of(), Services.ALL);

        assertThat(ServiceArguments.applicationArguments(service("segmentation-service"), config))
                .containsExactly(
                        "--server.port=8083",
                        "--spring.datasource.url=jdbc:postgresql://localhost:15432/crm_segmentation",
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres",
                        "--spring.kafka.bootstrap-servers=localhost:19092",
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=http://localhost:9000");
        assertThat(service("segmentation-service").jar()).endsWith("segmentation-service-0.1.0-SNAPSHOT-exec.jar");
        assertThat(ServiceArguments.applicationArguments(service("gateway"), config))
                .contains("--crm.gateway.segmentation-service-uri=http://localhost:8083");
    }

    @Test
    void healthBodyIsUpOnlyWhenTheStatusSaysSo() {
        assertThat(ServiceProcess.isUp("{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}"))
                .isTrue();
        assertThat(ServiceProcess.isUp("{\"status\": \"UP\"}")).isTrue();
        assertThat(ServiceProcess.isUp("{\"status\":\"DOWN\",\"components\":{\"db\":{\"status\":\"UP\"}}}"))
                .isFalse();
        assertThat(ServiceProcess.isUp("{\"components\":{\"db\":{\"status\":\"UP\"}},\"status\":\"OUT_OF_SERVICE\"}"))
                .isFalse();
        assertThat(ServiceProcess.isUp("{\"groups\":[\"liveness\"],\"status\" : \"UP\"}"))
                .isTrue();
        assertThat(ServiceProcess.isUp("<html>status UP</html>")).isFalse();
    }
}
