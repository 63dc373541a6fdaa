package com.crm.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the launcher needs to know, resolved once from {@link Settings}. Pure: no file, no
 * socket, no process is touched here except reading whether a directory exists.
 */
record StackConfig(
        Path repoDir,
        Path dataDir,
        String javaCommand,
        List<String> javaOptions,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        Optional<String> externalPostgresUrl,
        Optional<String> externalKafkaBootstrap,
        String databaseUser,
        String databasePassword,
        Optional<String> issuerUriOverride,
        Duration healthTimeout,
        Set<String> skip,
        List<ServiceSpec> services,
        Map<String, Integer> servicePorts,
        Path runDir) {

    static final String POSTGRES = "postgres";

    static final String KAFKA = "kafka";

    /** Fast start and a small heap footprint matter more locally than peak throughput. */
    static final String DEFAULT_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k";

    /** Settings every launcher understands, besides the services' port settings. */
    static final Map<String, String> SETTINGS = settingsHelp();

    private static Map<String, String> settingsHelp() {
        Map<String, String> help = new LinkedHashMap<>();
        help.put("data-dir", "data and log folder (default <repo>/.crm-data)");
        help.put("repo-dir", "repository root holding the service jars (default: found from the launcher jar)");
        help.put("run-dir", "folder the services' jars are copied to and run from (default <repo>/.crm-run)");
        help.put("postgres-port", "embedded PostgreSQL port (default 15432)");
        help.put("kafka-port", "embedded Kafka client port (default 19092)");
        help.put("kafka-controller-port", "embedded Kafka KRaft controller port (default 19093)");
        help.put(
                "postgres-url",
                "use this PostgreSQL server instead of the embedded one, e.g. jdbc:postgresql://db:5432");
        help.put("postgres-user", "PostgreSQL user for the services (default postgres)");
        help.put("postgres-password", "PostgreSQL password for the services (default postgres)");
        help.put("kafka-bootstrap", "use this Kafka cluster instead of the embedded one, e.g. broker:9092");
        help.put("issuer-uri", "token issuer URI the services trust (default http://localhost:<issuer-port>)");
        help.put(
                "java-opts", "JVM options for the services, empty for none (default \"" + DEFAULT_JAVA_OPTIONS + "\")");
        help.put("health-timeout", "seconds to wait for each service's /actuator/health to be UP (default 180)");
        help.put("skip", "comma-separated parts not to start: postgres, kafka or a service name");
        help.put("help", "print this help");
        return help;
    }

    static StackConfig resolve(
            Settings settings,
            Path workingDir,
            Optional<Path> launcherLocation,
            Optional<String> currentJavaCommand,
            List<ServiceSpec> services) {
        validateArguments(settings, services);

        Path repoDir = settings.get("repo-dir")
                .map((dir) -> workingDir.resolve(dir).normalize())
                .orElseGet(() ->
                        launcherLocation.flatMap(StackConfig::repoFromLauncher).orElse(workingDir));
        Path dataDir = settings.get("data-dir")
                .map((dir) -> workingDir.resolve(dir).normalize())
                .orElse(repoDir.resolve(".crm-data"));

        Map<String, Integer> servicePorts = new LinkedHashMap<>();
        for (ServiceSpec service : services) {
            servicePorts.put(service.name(), settings.port(service.portSetting(), service.defaultPort()));
        }

        Set<String> known = new TreeSet<>(List.of(POSTGRES, KAFKA));
        services.forEach((service) -> known.add(service.name()));
        Set<String> skip = new LinkedHashSet<>();
        settings.get("skip")
                .ifPresent((value) -> Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter((name) -> !name.isEmpty())
                        .forEach((name) -> {
                            if (!known.contains(name)) {
                                throw new IllegalArgumentException("crm.local.skip: unknown part '" + name
                                        + "'; known parts: " + String.join(", ", known));
                            }
                            skip.add(name);
                        }));

        long healthSeconds;
        try {
            healthSeconds = Long.parseLong(settings.get("health-timeout", "180"));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("crm.local.health-timeout must be a number of seconds");
        }

        String javaCommand = currentJavaCommand.orElseGet(
                () -> Path.of(System.getProperty("java.home"), "bin", "java").toString());

        StackConfig config = new StackConfig(
                repoDir,
                dataDir,
                javaCommand,
                splitOptions(settings.getAllowBlank("java-opts").orElse(DEFAULT_JAVA_OPTIONS)),
                settings.port("postgres-port", 15432),
                settings.port("kafka-port", 19092),
                settings.port("kafka-controller-port", 19093),
                settings.get("postgres-url").map(StackConfig::stripTrailingSlash),
                settings.get("kafka-bootstrap"),
                settings.get("postgres-user", "postgres"),
                settings.get("postgres-password", "postgres"),
                settings.get("issuer-uri").map(StackConfig::stripTrailingSlash),
                Duration.ofSeconds(healthSeconds),
                Set.copyOf(skip),
                List.copyOf(services),
                Map.copyOf(servicePorts),
                settings.get("run-dir")
                        .map((dir) -> workingDir.resolve(dir).normalize())
                        .orElse(repoDir.resolve(".crm-run")));
        config.checkPortsDistinct();
        return config;
    }

    private static void validateArguments(Settings settings, List<ServiceSpec> services) {
        Set<String> allowed = new TreeSet<>();
        SETTINGS.keySet().forEach((name) -> allowed.add(Settings.key(name)));
        services.forEach((service) -> allowed.add(Settings.key(service.portSetting())));
        for (String key : settings.argumentKeys()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(
                        "Unknown option --" + key.substring(Settings.PREFIX.length()) + " (--help lists the options)");
            }
        }
    }

    /** {@code <repo>/local/stack/target/<jar>} or {@code <repo>/local/stack/target/classes}. */
    static Optional<Path> repoFromLauncher(Path launcher) {
        Path target = launcher.toAbsolutePath().normalize().getParent();
        if (target == null || !"target".equals(String.valueOf(target.getFileName()))) {
            return Optional.empty();
        }
        Path stack = target.getParent();
        Path local = (stack != null) ? stack.getParent() : null;
        Path repo = (local != null) ? local.getParent() : null;
        if (repo == null
                || !"stack".equals(String.valueOf(stack.getFileName()))
                || !"local".equals(String.valueOf(local.getFileName()))) {
            return Optional.empty();
        }
        return Files.isDirectory(repo) ? Optional.of(repo) : Optional.empty();
    }

    static List<String> splitOptions(String options) {
        List<String> split = new ArrayList<>();
        for (String option : options.strip().split("\\s+")) {
            if (!option.isEmpty()) {
                split.add(option);
            }
        }
        return List.copyOf(split);
    }

    private static String stripTrailingSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private void checkPortsDistinct() {
        Map<Integer, String> owners = new LinkedHashMap<>();
        List<String> clashes = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : listeningPorts().entrySet()) {
            String previous = owners.putIfAbsent(entry.getValue(), entry.getKey());
            if (previous != null) {
                clashes.add(previous + " and " + entry.getKey() + " both use port " + entry.getValue());
            }
        }
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", clashes));
        }
    }

    /** Every local port the stack will listen on, by owner, for the pre-flight check. */
    Map<String, Integer> listeningPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (embeddedPostgres()) {
            ports.put("PostgreSQL", this.postgresPort);
        }
        if (embeddedKafka()) {
            ports.put("Kafka", this.kafkaPort);
            ports.put("Kafka controller", this.kafkaControllerPort);
        }
        for (ServiceSpec service : runningServices()) {
            ports.put(service.name(), port(service));
        }
        return ports;
    }

    boolean embeddedPostgres() {
        return this.externalPostgresUrl.isEmpty() && !this.skip.contains(POSTGRES);
    }

    boolean embeddedKafka() {
        return this.externalKafkaBootstrap.isEmpty() && !this.skip.contains(KAFKA);
    }

    List<ServiceSpec> runningServices() {
        return this.services.stream()
                .filter((service) -> !this.skip.contains(service.name()))
                .toList();
    }

    int port(ServiceSpec service) {
        return this.servicePorts.get(service.name());
    }

    int port(String serviceName) {
        Integer port = this.servicePorts.get(serviceName);
        if (port == null) {
            throw new IllegalArgumentException("No service named " + serviceName);
        }
        return port;
    }

    String baseUrl(String serviceName) {
        return "http://localhost:" + port(serviceName);
    }

    /** Server part of the JDBC URL, without database. */
    String postgresServerUrl() {
        return this.externalPostgresUrl.orElse("jdbc:postgresql://localhost:" + this.postgresPort);
    }

    String jdbcUrl(String database) {
        return postgresServerUrl() + "/" + database;
    }

    String kafkaBootstrap() {
        return this.externalKafkaBootstrap.orElse("localhost:" + this.kafkaPort);
    }

    String issuerUri() {
        return this.issuerUriOverride.orElseGet(() -> this.services.stream()
                .filter(ServiceSpec::authorizationServer)
                .findFirst()
                .map((issuer) -> baseUrl(issuer.name()))
                .orElseThrow(() -> new IllegalStateException("No authorization server among the services")));
    }

    /** Databases the running services need, in service order. */
    List<String> databases() {
        return runningServices().stream()
                .flatMap((service) -> service.database().stream())
                .distinct()
                .toList();
    }

    Path logDir() {
        return this.dataDir.resolve("logs");
    }

    Path postgresDataDir() {
        return this.dataDir.resolve("postgres");
    }

    Path kafkaLogDir() {
        return this.dataDir.resolve("kafka");
    }

    /** Unpacked PostgreSQL binaries (zonky would use /tmp/embedded-pg otherwise). */
    Path postgresBinariesDir() {
        return this.dataDir.resolve("postgres-dist");
    }

    Path logFile(String name) {
        return logDir().resolve(name + ".log");
    }

    Path jar(ServiceSpec service) {
        return this.repoDir.resolve(service.jar());
    }

    /**
     * The copy a service runs from: a JVM reads classes from its jar for as long as it runs, so running the build's
     * own jar would crash the service whenever it is rebuilt while the stack is up.
     */
    Path runJar(ServiceSpec service) {
        return this.runDir.resolve(this.repoDir.resolve(service.jar()).getFileName());
    }
}
