package com.crm.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The local stack as a library, for tests that drive the whole platform and break parts of it on
 * purpose: the same infrastructure and service processes as {@link LocalStack}, started from the
 * calling JVM (Kafka runs inside it), with handles to stop and restart Kafka, PostgreSQL or one
 * service while the rest keeps running.
 * <pre>{@code
 * try (EmbeddedStack stack = EmbeddedStack.builder(repoDir).dataDir(dir).freePorts().start()) {
 *     String gateway = stack.baseUrl("gateway");
 *     stack.stopKafka(); ... stack.startKafka();
 * }
 * }</pre>
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final StackConfig config;

    private final Infrastructure infrastructure;

    private final Orphans orphans;

    private final Consumer<String> console;

    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();

    private EmbeddedStack(StackConfig config, Consumer<String> console) {
        this.config = config;
        this.console = console;
        this.infrastructure = new Infrastructure(config, console);
        this.orphans = new Orphans(config, console);
    }

    /** @param repoDir the repository root holding the service jars (each {@code <module>/target/*.jar}) */
    public static Builder builder(Path repoDir) {
        return new Builder(repoDir);
    }

    /** Names of every service the launcher knows, in start order. */
    public static List<String> knownServices() {
        return Services.ALL.stream().map(ServiceSpec::name).toList();
    }

    /** The services this stack runs, in start order. */
    public List<String> services() {
        return this.config.runningServices().stream().map(ServiceSpec::name).toList();
    }

    public String baseUrl(String service) {
        return this.config.baseUrl(service);
    }

    public String issuerUri() {
        return this.config.issuerUri();
    }

    public String kafkaBootstrap() {
        return this.config.kafkaBootstrap();
    }

    public String jdbcUrl(String database) {
        return this.config.jdbcUrl(database);
    }

    public String databaseUser() {
        return this.config.databaseUser();
    }

    public String databasePassword() {
        return this.config.databasePassword();
    }

    public Path dataDir() {
        return this.config.dataDir();
    }

    public Path logFile(String name) {
        return this.config.logFile(name);
    }

    private EmbeddedStack startAll() {
        try {
            Files.createDirectories(this.config.logDir());
            this.orphans.reap();
            this.infrastructure.start();
            List<ServiceSpec> services = this.config.runningServices();
            // the authorization servers first: every resource server needs the issuer's keys at start-up
            startTogether(
                    services.stream().filter(ServiceSpec::authorizationServer).toList());
            startTogether(services.stream()
                    .filter((service) -> !service.authorizationServer())
                    .toList());
            return this;
        } catch (RuntimeException ex) {
            close();
            throw ex;
        } catch (Exception ex) {
            close();
            throw new StackException("Could not start the stack: " + ex.getMessage(), ex);
        }
    }

    private void startTogether(List<ServiceSpec> services) {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> started = new ArrayList<>();
            for (ServiceSpec service : services) {
                started.add(CompletableFuture.runAsync(() -> startService(service), executor));
            }
            try {
                CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                        .join();
            } catch (CompletionException ex) {
                if (ex.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw ex;
            }
        }
    }

    private void startService(ServiceSpec service) {
        ServiceProcess process;
        try {
            process = ServiceProcess.start(service, this.config);
        } catch (IOException ex) {
            throw new StackException("Could not start " + service.name() + ": " + ex.getMessage(), ex);
        }
        synchronized (this.processes) {
            this.processes.put(service.name(), process);
        }
        ProcessHandle.of(process.pid()).ifPresent((handle) -> this.orphans.record(service.name(), handle));
        Duration took = process.awaitHealthy(this.config.healthTimeout());
        this.console.accept(service.name() + " is UP on " + this.config.baseUrl(service.name()) + " after "
                + took.toMillis() + " ms");
    }

    /** Stops the embedded Kafka broker; topics, records and offsets stay in its log directory. */
    public void stopKafka() {
        this.infrastructure.stopKafka();
    }

    /** Starts the embedded Kafka broker again on the same port and log directory. */
    public void startKafka() {
        try {
            this.infrastructure.startKafka();
        } catch (Exception ex) {
            throw new StackException("Could not restart Kafka: " + ex.getMessage(), ex);
        }
    }

    /** Stops the embedded PostgreSQL (open connections break); its data directory stays. */
    public void stopPostgres() {
        this.infrastructure.stopPostgres();
    }

    /** Starts the embedded PostgreSQL again on the same port and data directory. */
    public void startPostgres() {
        try {
            this.infrastructure.startPostgres();
        } catch (IOException ex) {
            throw new UncheckedIOException("Could not restart PostgreSQL: " + ex.getMessage(), ex);
        }
    }

    /** Kills one service (SIGKILL: no graceful shutdown, as in a crash). */
    public void killService(String name) {
        ServiceProcess process;
        synchronized (this.processes) {
            process = this.processes.get(name);
        }
        if (process == null) {
            throw new IllegalArgumentException("No running service named " + name + "; running: " + services());
        }
        process.kill();
        this.console.accept(name + " killed");
    }

    /** Starts one service again (after {@link #killService}) and returns once it is healthy. */
    public void startService(String name) {
        ServiceSpec service = this.config.runningServices().stream()
                .filter((candidate) -> candidate.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service named " + name + "; known: " + services()));
        synchronized (this.processes) {
            ServiceProcess previous = this.processes.get(name);
            if (previous != null && previous.isAlive()) {
                throw new IllegalStateException(name + " is still running (pid " + previous.pid() + ")");
            }
        }
        startService(service);
    }

    /** Stops the services (SIGTERM, then kill after a grace period), then Kafka, then PostgreSQL. */
    @Override
    public void close() {
        List<ServiceProcess> running;
        synchronized (this.processes) {
            running = new ArrayList<>(this.processes.values());
            this.processes.clear();
        }
        running.reversed().forEach(ServiceProcess::requestStop);
        running.reversed().forEach((process) -> process.awaitStop(STOP_GRACE));
        this.infrastructure.close();
        this.orphans.forget();
    }

    /** Where the stack runs: launcher settings given programmatically, nothing read from the environment. */
    public static final class Builder {

        private final Path repoDir;

        private final Map<String, String> settings = new LinkedHashMap<>();

        private final Map<String, List<String>> serviceArguments = new LinkedHashMap<>();

        private Consumer<String> console = (line) -> System.out.println("[stack] " + line);

        private Builder(Path repoDir) {
            this.repoDir = repoDir.toAbsolutePath().normalize();
        }

        /**
         * Data, logs, PostgreSQL cluster and Kafka log directory (default {@code <repo>/.crm-data}); the services
         * run from jar copies in its {@code run} folder, so a stack started by the launcher is never disturbed.
         */
        public Builder dataDir(Path dataDir) {
            Path dir = dataDir.toAbsolutePath().normalize();
            setting("run-dir", dir.resolve("run").toString());
            return setting("data-dir", dir.toString());
        }

        /** A launcher setting by its option name, e.g. {@code ("gateway-port", "18080")} or {@code ("skip", "kafka")}. */
        public Builder setting(String name, String value) {
            this.settings.put(name, value);
            return this;
        }

        /** Every port (services, PostgreSQL, Kafka and its controller) on a port free right now, each a different one. */
        public Builder freePorts() {
            List<String> names = new ArrayList<>();
            Services.ALL.forEach((service) -> names.add(service.portSetting()));
            names.addAll(List.of("postgres-port", "kafka-port", "kafka-controller-port"));
            List<Integer> ports = freePorts(names.size());
            for (int i = 0; i < names.size(); i++) {
                setting(names.get(i), String.valueOf(ports.get(i)));
            }
            return this;
        }

        /** Further {@code --key=value} arguments for one service, e.g. a property the test needs changed. */
        public Builder serviceArguments(String service, String... arguments) {
            if (!knownServices().contains(service)) {
                throw new IllegalArgumentException("No service named " + service + "; known: " + knownServices());
            }
            this.serviceArguments
                    .computeIfAbsent(service, (name) -> new ArrayList<>())
                    .addAll(List.of(arguments));
            return this;
        }

        /** Where progress lines go (default standard output). */
        public Builder console(Consumer<String> console) {
            this.console = console;
            return this;
        }

        /** Starts PostgreSQL, Kafka and every service; returns once all answer health UP. */
        public EmbeddedStack start() {
            List<String> args = new ArrayList<>();
            this.settings.forEach((name, value) -> args.add("--" + name + "=" + value));
            List<ServiceSpec> services = Services.ALL.stream()
                    .map((service) -> service.withArguments(this.serviceArguments
                            .getOrDefault(service.name(), List.of())
                            .toArray(String[]::new)))
                    .toList();
            StackConfig config = StackConfig.resolve(
                    Settings.of(args, Map.of(), Map.of()), this.repoDir, Optional.empty(), Optional.empty(), services);
            return new EmbeddedStack(config, this.console).startAll();
        }

        /**
         * {@code count} ports free right now, all different: each socket stays open until every port is chosen, since
         * the system may hand out a port again as soon as its socket closes (two services were once given the same).
         */
        private static List<Integer> freePorts(int count) {
            List<ServerSocket> sockets = new ArrayList<>();
            try {
                List<Integer> ports = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    ServerSocket socket = new ServerSocket(0);
                    sockets.add(socket);
                    ports.add(socket.getLocalPort());
                }
                return ports;
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            } finally {
                for (ServerSocket socket : sockets) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // the port was only being held
                    }
                }
            }
        }
    }
}
