package com.crm.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL (zonky's embedded binaries) on a fixed port whose data directory survives
 * restarts: initdb runs only when the directory holds no cluster yet.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private final boolean initialized;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, boolean initialized) {
        this.postgres = postgres;
        this.initialized = initialized;
    }

    /**
     * @param dataDir the cluster's data directory, kept between runs
     * @param binariesDir where the PostgreSQL binaries are unpacked once
     * @param logFile server output (appended)
     */
    static EmbeddedPostgresServer start(Path dataDir, Path binariesDir, int port, Path logFile) throws IOException {
        boolean fresh = !Files.exists(dataDir.resolve("postgresql.conf"));
        Files.createDirectories(dataDir);
        Files.createDirectories(binariesDir);
        Files.createDirectories(logFile.getParent());
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binariesDir.toFile())
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                // zonky's default turns synchronous_commit off: fine for tests, not for data that must survive
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200")
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .start();
        return new EmbeddedPostgresServer(postgres, fresh);
    }

    /** True when this start ran initdb (first start on this data directory). */
    boolean initialized() {
        return this.initialized;
    }

    int port() {
        return this.postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        this.postgres.close();
    }
}
