package com.crm.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL server and one real Kafka broker per test JVM, started on first use and stopped when the
 * JVM exits: Testcontainers when a Docker engine answers, zonky embedded PostgreSQL and an in-process KRaft broker
 * when not. {@code CRM_TEST_INFRA=embedded|containers} forces either. Tests see only URLs, so the same test code
 * runs both ways.
 */
public final class CrmInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(CrmInfrastructure.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String SETTING_PREFIX = "crm.test.postgres.";
    private static volatile CrmInfrastructure instance;

    private final Postgres postgres;
    private final String kafkaBootstrap;

    private CrmInfrastructure(Postgres postgres, String kafkaBootstrap) {
        this.postgres = postgres;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    public static CrmInfrastructure get() {
        if (instance == null) {
            synchronized (CrmInfrastructure.class) {
                if (instance == null) {
                    instance = useContainers() ? startContainers() : startEmbedded();
                }
            }
        }
        return instance;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** A new, empty database on the shared server: each Spring test context gets its own. */
    public Database newDatabase(String prefix) {
        String name = (prefix + "_" + DATABASES.incrementAndGet())
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        try (Connection c =
                        DriverManager.getConnection(postgres.url("postgres"), postgres.user(), postgres.password());
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new Database(postgres.url(name), postgres.user(), postgres.password());
    }

    public record Database(String jdbcUrl, String username, String password) {}

    private record Postgres(String host, int port, String user, String password) {
        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    private static boolean useContainers() {
        String forced = System.getenv("CRM_TEST_INFRA");
        if ("embedded".equalsIgnoreCase(forced)) {
            return false;
        }
        if ("containers".equalsIgnoreCase(forced)) {
            return true;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static CrmInfrastructure startEmbedded() {
        log.info("No Docker engine: starting embedded PostgreSQL and an in-process KRaft Kafka broker");
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            serverSettings().forEach(builder::setServerConfig);
            EmbeddedPostgres pg = builder.start();
            EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 6);
            kafka.brokerProperty("auto.create.topics.enable", "true");
            kafka.brokerProperty("num.partitions", "6");
            kafka.afterPropertiesSet();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                kafka.destroy();
                                try {
                                    pg.close();
                                } catch (IOException e) {
                                    log.warn("embedded PostgreSQL did not stop cleanly", e);
                                }
                            },
                            "crm-test-infra-stop"));
            return new CrmInfrastructure(
                    new Postgres("localhost", pg.getPort(), "postgres", "postgres"), kafka.getBrokersAsString());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /**
     * PostgreSQL settings a benchmark asks for ({@code -Dcrm.test.postgres.shared_buffers=1GB}): figures measured with
     * a server configured as a production one would be, while tests keep the embedded defaults.
     */
    private static Map<String, String> serverSettings() {
        Map<String, String> settings = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith(SETTING_PREFIX))
                .forEach(name -> settings.put(name.substring(SETTING_PREFIX.length()), System.getProperty(name)));
        if (!settings.isEmpty()) {
            log.info("Embedded PostgreSQL settings: {}", settings);
        }
        return settings;
    }

    private static CrmInfrastructure startContainers() {
        log.info("Docker engine found: starting PostgreSQL and Kafka with Testcontainers");
        var pg = new PostgreSQLContainer("postgres:17-alpine");
        var kafka = new KafkaContainer("apache/kafka-native:4.1.1").withEnv("KAFKA_NUM_PARTITIONS", "6");
        pg.start();
        kafka.start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            kafka.stop();
                            pg.stop();
                        },
                        "crm-test-infra-stop"));
        return new CrmInfrastructure(
                new Postgres(pg.getHost(), pg.getMappedPort(5432), pg.getUsername(), pg.getPassword()),
                kafka.getBootstrapServers());
    }
}
