package com.crm.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Leftovers of a launcher that was killed without a chance to clean up ({@code kill -9}, a crashed
 * IDE): its child JVMs and the PostgreSQL server keep running and hold the ports. The launcher notes
 * every child in {@code <data>/stack.pids}; the next start stops the ones still alive (matched by pid
 * and start time, so a recycled pid is left alone) and the PostgreSQL server of this data folder.
 */
final class Orphans {

    private final Path pidFile;

    private final Path postgresDataDir;

    private final Consumer<String> console;

    Orphans(StackConfig config, Consumer<String> console) {
        this.pidFile = config.dataDir().resolve("stack.pids");
        this.postgresDataDir = config.postgresDataDir();
        this.console = console;
    }

    /** Notes a started child. */
    synchronized void record(String name, ProcessHandle process) {
        Optional<Instant> started = process.info().startInstant();
        String line = process.pid() + " " + started.map(Instant::toEpochMilli).orElse(0L) + " " + name
                + System.lineSeparator();
        try {
            Files.createDirectories(this.pidFile.getParent());
            Files.writeString(
                    this.pidFile, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            this.console.accept("WARNING: cannot write " + this.pidFile + ": " + ex.getMessage());
        }
    }

    /** After a clean stop nothing is left to find. */
    synchronized void forget() {
        try {
            Files.deleteIfExists(this.pidFile);
        } catch (IOException ex) {
            // the next start checks the pids against their start times anyway
        }
    }

    /** Stops what an earlier, killed launcher left running. */
    void reap() {
        if (Files.exists(this.pidFile)) {
            try {
                for (String line : Files.readAllLines(this.pidFile, StandardCharsets.UTF_8)) {
                    String[] parts = line.strip().split(" ", 3);
                    if (parts.length == 3) {
                        reapChild(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]);
                    }
                }
            } catch (IOException | RuntimeException ex) {
                this.console.accept("WARNING: cannot read " + this.pidFile + ": " + ex.getMessage());
            }
            forget();
        }
        reapPostgres();
    }

    private void reapChild(long pid, long startedMillis, String name) {
        ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter((process) -> process.info()
                        .startInstant()
                        .map((start) -> start.toEpochMilli() == startedMillis)
                        .orElse(false))
                .ifPresent((process) -> {
                    this.console.accept("Stopping " + name + " (pid " + pid + ") left over from an earlier run");
                    stop(process, 30);
                });
    }

    /** postmaster.pid: first line the pid, second line the data directory. */
    private void reapPostgres() {
        Path postmasterPid = this.postgresDataDir.resolve("postmaster.pid");
        if (!Files.exists(postmasterPid)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(postmasterPid, StandardCharsets.UTF_8);
            if (lines.size() < 2
                    || !Path.of(lines.get(1).strip()).toAbsolutePath().equals(this.postgresDataDir.toAbsolutePath())) {
                return;
            }
            long pid = Long.parseLong(lines.get(0).strip());
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent((postmaster) -> {
                this.console.accept("Stopping PostgreSQL (pid " + pid + ") left over from an earlier run");
                // SIGTERM: "smart" shutdown, the leftover services are gone by now
                stop(postmaster, 30);
            });
        } catch (IOException | RuntimeException ex) {
            this.console.accept("WARNING: cannot check " + postmasterPid + ": " + ex.getMessage());
        }
    }

    private static void stop(ProcessHandle process, int graceSeconds) {
        process.destroy();
        try {
            process.onExit().get(graceSeconds, TimeUnit.SECONDS);
        } catch (Exception ex) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
