package com.crm.systemtest;

import com.crm.local.EmbeddedStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The platform the tests drive, once per test JVM: the whole local stack started from the build's jars on free
 * ports with a data folder under target/ (a clean slate each run), or a running stack given by
 * {@code -Dcrm.system.url=http://host:8080} (and {@code -Dcrm.system.issuer-url}, default port 9000 on the same
 * host), in which case the tests that need to break parts of it are skipped.
 */
public final class SystemUnderTest {

    private static SystemUnderTest instance;

    /** A stack that failed to start fails every later test at once instead of starting again. */
    private static RuntimeException startFailure;

    private final String gatewayUrl;

    private final String issuerUrl;

    private final EmbeddedStack stack;

    private final Tokens tokens;

    private final Http http;

    private SystemUnderTest(String gatewayUrl, String issuerUrl, EmbeddedStack stack) {
        this.gatewayUrl = gatewayUrl;
        this.issuerUrl = issuerUrl;
        this.stack = stack;
        this.tokens = new Tokens(issuerUrl);
        this.http = new Http(gatewayUrl);
    }

    public static synchronized SystemUnderTest get() {
        if (startFailure != null) {
            throw new IllegalStateException("The stack did not start: " + startFailure.getMessage(), startFailure);
        }
        if (instance == null) {
            try {
                instance = create();
            } catch (RuntimeException ex) {
                startFailure = ex;
                throw ex;
            }
        }
        return instance;
    }

    private static SystemUnderTest create() {
        Optional<String> url = property("crm.system.url");
        if (url.isPresent()) {
            String gateway = stripSlash(url.get());
            String issuer = property("crm.system.issuer-url")
                    .map(SystemUnderTest::stripSlash)
                    .orElseGet(() -> gateway.replaceFirst(":\\d+$", "") + ":9000");
            System.out.println("[system-tests] against the running stack at " + gateway + " (issuer " + issuer + ")");
            return new SystemUnderTest(gateway, issuer, null);
        }
        Path repo =
                Path.of(property("crm.repo.dir").orElse("..")).toAbsolutePath().normalize();
        Path data = Path.of(property("crm.system.data-dir").orElse("target/system-stack"))
                .toAbsolutePath();
        deleteRecursively(data);
        long begin = System.nanoTime();
        EmbeddedStack stack = EmbeddedStack.builder(repo)
                .dataDir(data)
                .freePorts()
                // two cores shared with other builds: a service can take minutes to start
                .setting("health-timeout", "420")
                // thousands of requests a minute from one client are the point here, not an abuse to throttle
                .serviceArguments("gateway", "--crm.gateway.rate-limit.enabled=false")
                .console((line) -> System.out.println("[stack] " + line))
                .start();
        System.out.printf(
                Locale.ROOT,
                "[system-tests] stack up in %.1f s: gateway %s, services %s%n",
                (System.nanoTime() - begin) / 1e9,
                stack.baseUrl("gateway"),
                stack.services());
        return new SystemUnderTest(stack.baseUrl("gateway"), stack.issuerUri(), stack);
    }

    /** Stops the stack this JVM started (the suite's end). */
    static synchronized void shutdown() {
        if (instance != null && instance.stack != null) {
            instance.stack.close();
        }
        instance = null;
    }

    public String gatewayUrl() {
        return this.gatewayUrl;
    }

    public String issuerUrl() {
        return this.issuerUrl;
    }

    public Tokens tokens() {
        return this.tokens;
    }

    /** Raw HTTP to the gateway. */
    public Http gateway() {
        return this.http;
    }

    /** The stack's controls, when this JVM started it. */
    public Optional<EmbeddedStack> control() {
        return Optional.ofNullable(this.stack);
    }

    /** Services behind the gateway whose OpenAPI documents it serves (/api-docs/<name>). */
    public List<String> apiServices() {
        List<String> services = (this.stack != null) ? this.stack.services() : EmbeddedStack.knownServices();
        return services.stream().filter((name) -> name.endsWith("-service")).toList();
    }

    /** True when the tests started the stack themselves (every known service runs). */
    public boolean ownsTheStack() {
        return this.stack != null;
    }

    private static Optional<String> property(String name) {
        return Optional.ofNullable(System.getProperty(name)).map(String::strip).filter((value) -> !value.isEmpty());
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach((path) -> path.toFile().delete());
        } catch (IOException ex) {
            throw new IllegalStateException("Cannot clear " + dir + ": " + ex, ex);
        }
    }
}
