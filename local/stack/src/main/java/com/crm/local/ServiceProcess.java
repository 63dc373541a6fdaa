package com.crm.local;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** One service running as a child JVM, its output going to its own log file. */
final class ServiceProcess {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServiceSpec service;

    private final Process process;

    private final Path logFile;

    private final URI healthUri;

    private final Instant startedAt;

    private ServiceProcess(ServiceSpec service, Process process, Path logFile, URI healthUri) {
        this.service = service;
        this.process = process;
        this.logFile = logFile;
        this.healthUri = healthUri;
        this.startedAt = Instant.now();
    }

    static ServiceProcess start(ServiceSpec service, StackConfig config) throws IOException {
        Path jar = config.jar(service);
        if (!Files.isRegularFile(jar)) {
            throw new StackException(service.name() + ": " + jar + " does not exist; build it first ("
                    + "./mvnw -B -q -DskipTests package, or run-local.sh without --no-build)");
        }
        Files.createDirectories(config.runJar(service).getParent());
        copyWhole(jar, config.runJar(service));
        Path logFile = config.logFile(service.name());
        Files.createDirectories(logFile.getParent());
        List<String> command = ServiceArguments.command(service, config);
        Files.writeString(
                logFile,
                "# " + Instant.now() + " " + ServiceArguments.display(command) + System.lineSeparator(),
                StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(command)
                .directory(config.repoDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        URI health = URI.create("http://localhost:" + config.port(service) + "/actuator/health");
        return new ServiceProcess(service, process, logFile, health);
    }

    /**
     * Copies the jar and checks the copy opens as a zip: a build writing the jar at that moment leaves a truncated
     * copy, which is copied again once the build has finished writing (for up to a minute).
     */
    private static void copyWhole(Path jar, Path copy) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            try (ZipFile zip = new ZipFile(copy.toFile())) {
                return;
            } catch (ZipException ex) {
                if (System.nanoTime() > deadline) {
                    throw new StackException(jar + " is not a valid jar (" + ex.getMessage() + "); rebuild it");
                }
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
            }
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /**
     * Polls {@code /actuator/health} until it reports UP. Fails at once when the process exits and
     * after {@code timeout} otherwise.
     * @return how long the service took to become healthy
     */
    Duration awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (true) {
            if (!this.process.isAlive()) {
                throw new StackException(this.service.name() + " exited with code " + this.process.exitValue()
                        + " before it was healthy; see " + this.logFile + tail());
            }
            try {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(this.healthUri)
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && isUp(response.body())) {
                    return Duration.between(this.startedAt, Instant.now());
                }
                last = "HTTP " + response.statusCode() + " " + abbreviate(response.body());
            } catch (IOException ex) {
                last = ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new StackException(this.service.name() + ": interrupted while waiting for health");
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(this.service.name() + " was not healthy after " + timeout.toSeconds()
                        + " s (last answer from " + this.healthUri + ": " + last + "); see " + this.logFile + tail());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
    }

    /** True when the top-level {@code status} of a health JSON document is {@code UP}. */
    static boolean isUp(String healthBody) {
        return "UP".equals(topLevelString(healthBody, "status"));
    }

    /** The string value of a top-level key of a JSON object; enough JSON for a health answer. */
    static String topLevelString(String json, String key) {
        int depth = 0;
        String lastString = null;
        boolean expectValue = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                StringBuilder text = new StringBuilder();
                for (i++; i < json.length() && json.charAt(i) != '"'; i++) {
                    if (json.charAt(i) == '\\' && i + 1 < json.length()) {
                        i++;
                    }
                    text.append(json.charAt(i));
                }
                if (expectValue) {
                    return text.toString();
                }
                lastString = text.toString();
            } else if (c == ':') {
                expectValue = depth == 1 && key.equals(lastString);
            } else if (c == '{' || c == '[') {
                depth++;
                expectValue = false;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == ',') {
                expectValue = false;
                lastString = null;
            } else if (!Character.isWhitespace(c)) {
                expectValue = false;
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return (oneLine.length() > 200) ? oneLine.substring(0, 200) + "..." : oneLine;
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 25), lines.size());
            return System.lineSeparator() + "---- last lines of " + this.logFile.getFileName() + " ----"
                    + System.lineSeparator() + String.join(System.lineSeparator(), last);
        } catch (IOException | RuntimeException ex) {
            return "";
        }
    }

    /** Asks the JVM to stop (SIGTERM: Spring Boot shuts down gracefully). */
    void requestStop() {
        if (this.process.isAlive()) {
            this.process.destroy();
        }
    }

    /** Waits for the exit; kills the process (and anything it started) after the grace period. */
    void awaitStop(Duration grace) {
        try {
            if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.println("[stack] " + this.service.name() + " did not stop within " + grace.toSeconds()
                        + " s, killing it");
                this.process.descendants().forEach(ProcessHandle::destroyForcibly);
                this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.process.destroyForcibly();
        }
    }

    /** Kills the JVM at once (SIGKILL), as a crash would, and waits until it is gone. */
    void kill() {
        this.process.descendants().forEach(ProcessHandle::destroyForcibly);
        this.process.destroyForcibly();
        try {
            this.process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return this.process.isAlive();
    }

    ServiceSpec service() {
        return this.service;
    }

    long pid() {
        return this.process.pid();
    }

    Path logFile() {
        return this.logFile;
    }
}
