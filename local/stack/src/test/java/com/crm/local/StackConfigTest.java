package com.crm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackConfigTest {

    @TempDir
    Path repo;

    private StackConfig resolve(List<String> args, Map<String, String> env) {
        return StackConfig.resolve(
                Settings.of(args, Map.of(), env),
                this.repo,
                Optional.empty(),
                Optional.of("/jdk/bin/java"),
                Services.ALL);
    }

    @Test
    void defaults() {
        StackConfig config = resolve(List.of(), Map.of());

        assertThat(config.dataDir()).isEqualTo(this.repo.resolve(".crm-data"));
        assertThat(config.postgresDataDir()).isEqualTo(this.repo.resolve(".crm-data/postgres"));
        assertThat(config.kafkaLogDir()).isEqualTo(this.repo.resolve(".crm-data/kafka"));
        assertThat(config.logFile("gateway")).isEqualTo(this.repo.resolve(".crm-data/logs/gateway.log"));
        assertThat(config.postgresPort()).isEqualTo(15432);
        assertThat(config.kafkaPort()).isEqualTo(19092);
        assertThat(config.kafkaControllerPort()).isEqualTo(19093);
        assertThat(config.servicePorts())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "token-issuer",
                        9000,
                        "customer-service",
                        8081,
                        "interaction-service",
                        8082,
                        "segmentation-service",
                        8083,
                        "feedback-service",
                        8084,
                        "webhook-service",
                        8085,
                        "loyalty-service",
                        8086,
                        "gateway",
                        8080));
        assertThat(config.embeddedPostgres()).isTrue();
        assertThat(config.embeddedKafka()).isTrue();
        assertThat(config.jdbcUrl("crm_customer")).isEqualTo("jdbc:postgresql://localhost:15432/crm_customer");
        assertThat(config.kafkaBootstrap()).isEqualTo("localhost:19092");
        assertThat(config.issuerUri()).isEqualTo("http://localhost:9000");
        assertThat(config.databases())
                .containsExactly(
                        "crm_customer",
                        "crm_interaction",
                        "crm_segmentation",
                        "crm_feedback",
                        "crm_webhook",
                        "crm_loyalty");
        assertThat(config.javaCommand()).isEqualTo("/jdk/bin/java");
        assertThat(config.healthTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(config.listeningPorts())
                .containsExactly(
                        Map.entry("PostgreSQL", 15432),
                        Map.entry("Kafka", 19092),
                        Map.entry("Kafka controller", 19093),
                        Map.entry("token-issuer", 9000),
                        Map.entry("customer-service", 8081),
                        Map.entry("interaction-service", 8082),
                        Map.entry("segmentation-service", 8083),
                        Map.entry("feedback-service", 8084),
                        Map.entry("webhook-service", 8085),
                        Map.entry("loyalty-service", 8086),
                        Map.entry("gateway", 8080));
    }

    @Test
    void portsAndFoldersFromEnvironmentAndArguments() {
        StackConfig config = resolve(
                List.of("--issuer-port=9100", "--data-dir=data"),
                Map.of(
                        "CRM_GATEWAY_PORT",
                        "18080",
                        "CRM_CUSTOMER_PORT",
                        "18081",
                        "CRM_POSTGRES_PORT",
                        "25432",
                        "CRM_KAFKA_PORT",
                        "29092",
                        "CRM_DATA_DIR",
                        "/ignored/because/argument/wins"));

        assertThat(config.dataDir()).isEqualTo(this.repo.resolve("data"));
        assertThat(config.port("gateway")).isEqualTo(18080);
        assertThat(config.port("customer-service")).isEqualTo(18081);
        assertThat(config.issuerUri()).isEqualTo("http://localhost:9100");
        assertThat(config.jdbcUrl("crm_customer")).isEqualTo("jdbc:postgresql://localhost:25432/crm_customer");
        assertThat(config.kafkaBootstrap()).isEqualTo("localhost:29092");
    }

    @Test
    void externalPostgresAndKafkaReplaceTheEmbeddedOnes() {
        StackConfig config = resolve(
                List.of(),
                Map.of(
                        "CRM_POSTGRES_URL",
                        "jdbc:postgresql://db.internal:5432/",
                        "CRM_KAFKA_BOOTSTRAP",
                        "broker-1:9092,broker-2:9092",
                        "CRM_POSTGRES_USER",
                        "crm",
                        "CRM_POSTGRES_PASSWORD",
                        "s3cret"));

        assertThat(config.embeddedPostgres()).isFalse();
        assertThat(config.embeddedKafka()).isFalse();
        assertThat(config.jdbcUrl("crm_customer")).isEqualTo("jdbc:postgresql://db.internal:5432/crm_customer");
        assertThat(config.kafkaBootstrap()).isEqualTo("broker-1:9092,broker-2:9092");
        assertThat(config.databaseUser()).isEqualTo("crm");
        assertThat(config.databasePassword()).isEqualTo("s3cret");
        assertThat(config.listeningPorts())
                .containsOnlyKeys(
                        "token-issuer",
                        "customer-service",
                        "interaction-service",
                        "segmentation-service",
                        "feedback-service",
                        "webhook-service",
                        "loyalty-service",
                        "gateway");
    }

    @Test
    void skippedPartsAreNeitherStartedNorCheckedButStillLinked() {
        StackConfig config = resolve(List.of("--skip=gateway, kafka"), Map.of());

        assertThat(config.runningServices())
                .extracting(ServiceSpec::name)
                .containsExactly(
                        "token-issuer",
                        "customer-service",
                        "interaction-service",
                        "segmentation-service",
                        "feedback-service",
                        "webhook-service",
                        "loyalty-service");
        assertThat(config.embeddedKafka()).isFalse();
        assertThat(config.embeddedPostgres()).isTrue();
        assertThat(config.listeningPorts())
                .containsOnlyKeys(
                        "PostgreSQL",
                        "token-issuer",
                        "customer-service",
                        "interaction-service",
                        "segmentation-service",
                        "feedback-service",
                        "webhook-service",
                        "loyalty-service");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> resolve(List.of("--skip=gatewy"), Map.of()))
                .withMessageContaining("gatewy")
                .withMessageContaining("gateway");
    }

    @Test
    void rejectsUnknownOptionsAndClashingPorts() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> resolve(List.of("--gateway-prot=1"), Map.of()))
                .withMessageContaining("--gateway-prot");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> resolve(List.of("--gateway-port=9000"), Map.of()))
                .withMessageContaining("token-issuer and gateway both use port 9000");
    }

    @Test
    void javaOptionsCanBeReplacedOrCleared() {
        assertThat(resolve(List.of(), Map.of()).javaOptions()).contains("-XX:TieredStopAtLevel=1");
        assertThat(resolve(List.of(), Map.of("CRM_JAVA_OPTS", "-Xmx256m  -Dx=y"))
                        .javaOptions())
                .containsExactly("-Xmx256m", "-Dx=y");
        assertThat(resolve(List.of("--java-opts="), Map.of()).javaOptions()).isEmpty();
        assertThat(resolve(List.of(), Map.of("CRM_JAVA_OPTS", "")).javaOptions())
                .isEmpty();
        assertThat(StackConfig.splitOptions(" ")).isEmpty();
    }

    @Test
    void repositoryIsFoundFromTheLauncherJarOrClasses() throws IOException {
        Path target = Files.createDirectories(this.repo.resolve("local/stack/target"));

        assertThat(StackConfig.repoFromLauncher(target.resolve("local-stack-0.1.0-SNAPSHOT.jar")))
                .contains(this.repo);
        assertThat(StackConfig.repoFromLauncher(target.resolve("classes"))).contains(this.repo);
        assertThat(StackConfig.repoFromLauncher(this.repo.resolve("somewhere/else.jar")))
                .isEmpty();

        StackConfig config = StackConfig.resolve(
                Settings.of(List.of(), Map.of(), Map.of()),
                Path.of("/"),
                Optional.of(target.resolve("local-stack-0.1.0-SNAPSHOT.jar")),
                Optional.empty(),
                Services.ALL);
        assertThat(config.repoDir()).isEqualTo(this.repo);
        assertThat(config.dataDir()).isEqualTo(this.repo.resolve(".crm-data"));
        assertThat(config.javaCommand()).endsWith("java");
    }
}
