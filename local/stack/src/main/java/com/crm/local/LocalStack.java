package com.crm.local;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.Exit;

/**
 * The one-command local stack: embedded PostgreSQL and Kafka in this JVM, then every service of
 * {@link Services} as a child JVM, each started once what it depends on answers health UP. Ctrl-C
 * stops the services, then Kafka, then PostgreSQL; data stays in the data folder for the next run.
 * <p>
 * {@code java -jar local/stack/target/local-stack-<version>.jar --help} lists the options.
 */
public final class LocalStack {

    private static final PrintStream OUT = System.out;

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final StackConfig config;

    private final Infrastructure infrastructure;

    private final Orphans orphans;

    private final List<ServiceProcess> children = new ArrayList<>();

    private final Object lifecycle = new Object();

    private final CountDownLatch stopped = new CountDownLatch(1);

    private final AtomicInteger interrupts = new AtomicInteger();

    private boolean stopping;

    LocalStack(StackConfig config) {
        this.config = config;
        this.infrastructure = new Infrastructure(config, LocalStack::say);
        this.orphans = new Orphans(config, LocalStack::say);
    }

    public static void main(String[] args) {
        StackConfig config;
        try {
            Settings settings = Settings.current(List.of(args));
            if (settings.flag("help")) {
                printHelp();
                return;
            }
            config = StackConfig.resolve(
                    settings,
                    Path.of("").toAbsolutePath(),
                    launcherLocation(),
                    ProcessHandle.current().info().command(),
                    Services.ALL);
        } catch (IllegalArgumentException ex) {
            System.err.println("[stack] " + ex.getMessage());
            System.exit(2);
            return;
        }
        configureLogging(config);
        LocalStack stack = new LocalStack(config);
        stack.installStopHandlers();
        long begin = System.nanoTime();
        try {
            stack.start();
        } catch (RuntimeException | Error ex) {
            if (stack.isStopping()) {
                // Ctrl-C during start-up: the signal handler stops everything and exits
                stack.awaitStopped();
                return;
            }
            reportFailure(ex);
            stack.stop();
            System.exit(1);
            return;
        }
        stack.printSummary(Infrastructure.since(begin));
        stack.watchChildren();
        stack.awaitStopped();
    }

    void start() {
        say("Data folder " + this.config.dataDir() + ", logs in " + this.config.logDir());
        this.orphans.reap();
        checkPortsFree();
        try {
            Files.createDirectories(this.config.logDir());
            this.infrastructure.start();
        } catch (StackException ex) {
            throw ex;
        } catch (Exception ex) {
            throw new StackException(
                    "Could not start the infrastructure: " + ex.getMessage() + "; see " + this.config.logFile("stack")
                            + " and " + this.config.logFile("postgres"),
                    ex);
        }
        startServices();
    }

    /**
     * Starts every service once its dependencies are healthy; independent services start together.
     * Returns when all are healthy, throws at the first failure.
     */
    private void startServices() {
        List<ServiceSpec> services = this.config.runningServices();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, CompletableFuture<Void>> healthy = new HashMap<>();
            CompletableFuture<Void> firstFailure = new CompletableFuture<>();
            for (ServiceSpec service : services) {
                CompletableFuture<?>[] dependencies = service.dependsOn(services).stream()
                        .map(healthy::get)
                        .filter(Objects::nonNull)
                        .toArray(CompletableFuture[]::new);
                CompletableFuture<Void> started = CompletableFuture.allOf(dependencies)
                        .thenRunAsync(() -> startAndAwaitHealthy(service), executor);
                started.whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        firstFailure.completeExceptionally(failure);
                    }
                });
                healthy.put(service.name(), started);
            }
            CompletableFuture<Void> all =
                    CompletableFuture.allOf(healthy.values().toArray(CompletableFuture[]::new));
            try {
                CompletableFuture.anyOf(all, firstFailure).join();
            } catch (CompletionException ex) {
                Throwable cause = ex;
                while (cause instanceof CompletionException && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new StackException(String.valueOf(cause.getMessage()), cause);
            } finally {
                executor.shutdownNow();
            }
        }
    }

    private void startAndAwaitHealthy(ServiceSpec service) {
        ServiceProcess process;
        synchronized (this.lifecycle) {
            if (this.stopping) {
                throw new StackException(service.name() + " not started: the stack is stopping");
            }
            try {
                process = ServiceProcess.start(service, this.config);
            } catch (IOException ex) {
                throw new StackException("Could not start " + service.name() + ": " + ex.getMessage(), ex);
            }
            this.children.add(process);
            ProcessHandle.of(process.pid()).ifPresent((handle) -> this.orphans.record(service.name(), handle));
        }
        say("Starting " + service.name() + " (pid " + process.pid() + ", log " + process.logFile() + ")");
        Duration took = process.awaitHealthy(this.config.healthTimeout());
        say(service.name() + " is UP on " + this.config.baseUrl(service.name()) + " after "
                + String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0));
    }

    /** Fails early with a readable message when something already listens on one of our ports. */
    private void checkPortsFree() {
        List<String> busy = new ArrayList<>();
        this.config.listeningPorts().forEach((owner, port) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
            } catch (IOException ex) {
                busy.add(port + " (" + owner + ")");
            }
        });
        if (!busy.isEmpty()) {
            throw new StackException("Port(s) already in use: " + String.join(", ", busy)
                    + ". Is another local stack still running? Stop it, or move ports with e.g. --gateway-port=18080 "
                    + "(--help lists them).");
        }
    }

    /**
     * Stops the services (SIGTERM, then kill after a grace period), then Kafka, then PostgreSQL.
     * Idempotent; a second caller waits for the first.
     */
    void stop() {
        List<ServiceProcess> running;
        synchronized (this.lifecycle) {
            if (this.stopping) {
                awaitStopped();
                return;
            }
            this.stopping = true;
            running = new ArrayList<>(this.children);
        }
        try {
            if (!running.isEmpty()) {
                say("Stopping "
                        + String.join(
                                ", ",
                                running.stream().map((p) -> p.service().name()).toList()));
                long begin = System.nanoTime();
                running.reversed().forEach(ServiceProcess::requestStop);
                running.reversed().forEach((process) -> process.awaitStop(STOP_GRACE));
                say("Services stopped in " + Infrastructure.since(begin));
            }
            this.infrastructure.close();
            this.orphans.forget();
        } finally {
            this.stopped.countDown();
        }
    }

    private boolean isStopping() {
        synchronized (this.lifecycle) {
            return this.stopping;
        }
    }

    private void awaitStopped() {
        try {
            this.stopped.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ctrl-C (SIGINT) and SIGTERM run an ordered stop: the JVM's own handling would run all shutdown
     * hooks at once, and zonky's hook would stop PostgreSQL under the still running services. A
     * shutdown hook remains for every other way the JVM may end. Kafka's fatal-error exits are
     * routed through the same stop.
     */
    private void installStopHandlers() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "local-stack-shutdown"));
        for (String signal : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), (received) -> onSignal());
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError ex) {
                // not available on this platform: the shutdown hook still stops everything
            }
        }
        Exit.Procedure fatal = (status, message) -> {
            System.err.println("[stack] Kafka requested process exit (" + status + "): " + message);
            Thread stopper = Thread.ofPlatform().start(this::stop);
            try {
                stopper.join(STOP_GRACE.plusSeconds(15).toMillis());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(status);
        };
        Exit.setExitProcedure(fatal);
        Exit.setHaltProcedure(fatal);
    }

    private void onSignal() {
        int count = this.interrupts.incrementAndGet();
        if (count == 1) {
            OUT.println();
            Thread.ofPlatform().name("local-stack-stop").start(() -> {
                stop();
                System.exit(0);
            });
        } else if (count < 3) {
            say("Still stopping; interrupt once more to kill everything at once");
        } else {
            say("Killing everything");
            synchronized (this.lifecycle) {
                this.children.forEach((process) -> ProcessHandle.of(process.pid())
                        .ifPresent((handle) -> {
                            handle.descendants().forEach(ProcessHandle::destroyForcibly);
                            handle.destroyForcibly();
                        }));
            }
            Runtime.getRuntime().halt(130);
        }
    }

    /** Reports a service that dies after start-up; the rest keeps running. */
    private void watchChildren() {
        synchronized (this.lifecycle) {
            for (ServiceProcess process : this.children) {
                ProcessHandle.of(process.pid())
                        .ifPresent((handle) -> handle.onExit().thenRun(() -> {
                            synchronized (this.lifecycle) {
                                if (this.stopping) {
                                    return;
                                }
                            }
                            say("WARNING: " + process.service().name() + " exited; see " + process.logFile());
                        }));
            }
        }
    }

    private void printSummary(String startedIn) {
        StackConfig c = this.config;
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("CRM local stack is up (in " + startedIn + "). Ctrl-C stops everything.");
        lines.add("");
        boolean gateway = c.runningServices().stream().anyMatch((s) -> s.name().equals("gateway"));
        if (gateway) {
            lines.add(row("Gateway", c.baseUrl("gateway")));
            lines.add(row("Swagger UI", c.baseUrl("gateway") + "/swagger-ui.html"));
        }
        String tokenEndpoint = c.issuerUri() + "/oauth2/token";
        lines.add(row("Token endpoint", tokenEndpoint));
        lines.add(row(
                "",
                "clients: crm-frontend, crm-erp-integrator, crm-partner-integrator, crm-admin (secrets:"
                        + " CRM_*_SECRET or frontend-secret / erp-secret / partner-secret / admin-secret)"));
        lines.add(row(
                "Sign in",
                "people alice, bob (agents), maria (manager), admin: Swagger UI's Authorize, flow"
                        + " authorizationCode, client crm-web (passwords: CRM_<NAME>_PASSWORD or <name>-password)"));
        lines.add(row(
                "Get a token",
                "TOKEN=$(curl -s -u crm-frontend:${CRM_FRONTEND_SECRET:-frontend-secret} "
                        + "-d grant_type=client_credentials " + tokenEndpoint
                        + " | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')"));
        if (gateway) {
            lines.add(row(
                    "Call the API",
                    "curl -H \"Authorization: Bearer $TOKEN\" " + c.baseUrl("gateway") + "/api/customers"));
        }
        lines.add("");
        synchronized (this.lifecycle) {
            for (ServiceProcess process : this.children) {
                String name = process.service().name();
                lines.add(row(
                        name,
                        c.baseUrl(name) + "  pid " + process.pid() + rss(process.pid()) + "  log "
                                + process.logFile()));
            }
        }
        lines.add("");
        for (String database : c.databases()) {
            lines.add(row("PostgreSQL", c.jdbcUrl(database) + "  (user " + c.databaseUser() + ")"));
        }
        if (c.databases().isEmpty()) {
            lines.add(row("PostgreSQL", c.postgresServerUrl() + "/postgres  (user " + c.databaseUser() + ")"));
        }
        lines.add(row("Kafka bootstrap", c.kafkaBootstrap() + (c.embeddedKafka() ? "" : "  (external)")));
        lines.add(row(
                "Launcher",
                "pid " + ProcessHandle.current().pid()
                        + rss(ProcessHandle.current().pid()) + (c.embeddedKafka() ? " (includes Kafka)" : "")
                        + postgresRss()));
        lines.add(row("Data folder", c.dataDir().toString()));
        lines.add(row("Logs", c.logDir() + "  (stack.log: launcher and Kafka, postgres.log, <service>.log)"));
        lines.add("");
        lines.forEach(OUT::println);
    }

    private static String row(String label, String value) {
        return String.format(Locale.ROOT, "  %-17s %s", label, value);
    }

    /** Resident memory from /proc, where there is one. */
    static String rss(long pid) {
        long kib = rssKib(pid);
        return (kib > 0) ? String.format(Locale.ROOT, "  %d MiB RSS", kib / 1024) : "";
    }

    private static long rssKib(long pid) {
        return memoryKib(pid, "/status", "VmRSS:");
    }

    /** A kB figure from a /proc file of the process, -1 where there is none. */
    private static long memoryKib(long pid, String file, String field) {
        Path path = Path.of("/proc/" + pid + file);
        try {
            for (String line : Files.readAllLines(path)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException ex) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /**
     * PostgreSQL runs as a postmaster and its worker processes sharing memory: their proportional
     * set sizes (PSS) add up to what it really holds, their RSS would count the shared part each time.
     */
    private String postgresRss() {
        if (!this.config.embeddedPostgres()) {
            return "";
        }
        try {
            long pid = Long.parseLong(
                    Files.readAllLines(this.config.postgresDataDir().resolve("postmaster.pid"))
                            .get(0)
                            .strip());
            Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
            if (postmaster.isEmpty() || memoryKib(pid, "/smaps_rollup", "Pss:") < 0) {
                return "";
            }
            long total = memoryKib(pid, "/smaps_rollup", "Pss:")
                    + postmaster
                            .get()
                            .descendants()
                            .mapToLong((p) -> Math.max(0, memoryKib(p.pid(), "/smaps_rollup", "Pss:")))
                            .sum();
            return String.format(
                    Locale.ROOT,
                    "; PostgreSQL %d MiB (PSS of its %d processes)",
                    total / 1024,
                    1 + postmaster.get().descendants().count());
        } catch (IOException | RuntimeException ex) {
            return "";
        }
    }

    private static void reportFailure(Throwable ex) {
        System.err.println();
        System.err.println("[stack] START FAILED: " + ex.getMessage());
        if (!(ex instanceof StackException) || ex.getCause() != null) {
            ex.printStackTrace();
        }
        System.err.println("[stack] Stopping what was started.");
    }

    static void say(String message) {
        OUT.println("[stack] " + message);
    }

    /** In-process libraries (Kafka, zonky) log through slf4j-simple into logs/stack.log. */
    private static void configureLogging(StackConfig config) {
        try {
            Files.createDirectories(config.logDir());
        } catch (IOException ex) {
            throw new StackException("Cannot create " + config.logDir() + ": " + ex.getMessage(), ex);
        }
        setDefault("org.slf4j.simpleLogger.logFile", config.logFile("stack").toString());
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** The launcher jar ({@code java -jar}) or classes folder (IDE). */
    static Optional<Path> launcherLocation() {
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            return Optional.of(Path.of(classPath).toAbsolutePath());
        }
        try {
            var source = LocalStack.class.getProtectionDomain().getCodeSource();
            if (source != null && "file".equals(source.getLocation().toURI().getScheme())) {
                return Optional.of(Path.of(source.getLocation().toURI()));
            }
        } catch (URISyntaxException | RuntimeException ex) {
            // fall back to the working directory
        }
        return Optional.empty();
    }

    private static void printHelp() {
        OUT.println("CRM local stack: embedded PostgreSQL and Kafka plus every service, one command.");
        OUT.println();
        OUT.println("Options: --name=value, -Dcrm.local.name=value or environment variable CRM_NAME");
        OUT.println("(upper case, '-' as '_'), in that order of precedence:");
        OUT.println();
        Map<String, String> help = new LinkedHashMap<>(StackConfig.SETTINGS);
        for (ServiceSpec service : Services.ALL) {
            help.put(
                    service.portSetting(),
                    "HTTP port of " + service.name() + " (default " + service.defaultPort() + ")");
        }
        help.forEach((name, text) -> OUT.println(String.format(
                Locale.ROOT,
                "  --%-22s %-26s %s",
                name,
                name.equals("help") ? "" : Settings.environmentVariable(Settings.key(name)),
                text)));
    }
}
