package com.crm.local;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The shared infrastructure of the stack: the embedded PostgreSQL (with the services' databases)
 * and the embedded Kafka broker, each unless an external one is configured or it is skipped.
 */
final class Infrastructure implements AutoCloseable {

    private final StackConfig config;

    private final Consumer<String> console;

    private volatile EmbeddedPostgresServer postgres;

    private volatile KraftBroker kafka;

    Infrastructure(StackConfig config, Consumer<String> console) {
        this.config = config;
        this.console = console;
    }

    /** Starts PostgreSQL, creates missing databases, starts Kafka. */
    void start() throws Exception {
        startPostgres();
        List<String> databases = this.config.databases();
        if (!databases.isEmpty() && !this.config.skip().contains(StackConfig.POSTGRES)) {
            try {
                List<String> created = Databases.ensureExist(
                        this.config.postgresServerUrl(),
                        this.config.databaseUser(),
                        this.config.databasePassword(),
                        databases);
                if (!created.isEmpty()) {
                    this.console.accept("Created database(s) " + String.join(", ", created));
                }
            } catch (SQLException ex) {
                if (this.config.embeddedPostgres()) {
                    throw new StackException(
                            "Could not create the databases " + databases + ": " + ex.getMessage(), ex);
                }
                this.console.accept("WARNING: could not check/create " + databases + " on "
                        + this.config.postgresServerUrl() + " (" + ex.getMessage() + "); create them yourself");
            }
        }
        startKafka();
    }

    /** Starts the embedded PostgreSQL on its data directory and port, unless external, skipped or running. */
    synchronized void startPostgres() throws IOException {
        if (!this.config.embeddedPostgres() || this.postgres != null) {
            return;
        }
        long begin = System.nanoTime();
        this.postgres = EmbeddedPostgresServer.start(
                this.config.postgresDataDir(),
                this.config.postgresBinariesDir(),
                this.config.postgresPort(),
                this.config.logFile("postgres"));
        this.console.accept("PostgreSQL is up on localhost:" + this.config.postgresPort() + " in " + since(begin)
                + (this.postgres.initialized() ? " (new cluster in " : " (existing cluster in ")
                + this.config.postgresDataDir() + ")");
    }

    /** Starts the embedded Kafka broker on its log directory and ports, unless external, skipped or running. */
    synchronized void startKafka() throws Exception {
        if (!this.config.embeddedKafka() || this.kafka != null) {
            return;
        }
        long begin = System.nanoTime();
        this.kafka = KraftBroker.start(
                this.config.kafkaLogDir(), this.config.kafkaPort(), this.config.kafkaControllerPort());
        this.console.accept("Kafka is up on " + this.kafka.bootstrapServers() + " in " + since(begin)
                + (this.kafka.formatted() ? " (formatted new log directory " : " (existing log directory ")
                + this.config.kafkaLogDir() + ")");
    }

    /** Stops Kafka, then PostgreSQL. Safe to call more than once. */
    @Override
    public void close() {
        stopKafka();
        stopPostgres();
    }

    /** Stops the embedded Kafka broker if it runs; its log directory stays for the next start. */
    synchronized void stopKafka() {
        KraftBroker broker = this.kafka;
        this.kafka = null;
        if (broker != null) {
            long begin = System.nanoTime();
            try {
                broker.close();
                this.console.accept("Kafka stopped in " + since(begin));
            } catch (RuntimeException ex) {
                this.console.accept("Kafka did not stop cleanly: " + ex);
            }
        }
    }

    /** Stops the embedded PostgreSQL if it runs; its data directory stays for the next start. */
    synchronized void stopPostgres() {
        EmbeddedPostgresServer server = this.postgres;
        this.postgres = null;
        if (server != null) {
            long begin = System.nanoTime();
            try {
                server.close();
                this.console.accept("PostgreSQL stopped in " + since(begin));
            } catch (IOException | RuntimeException ex) {
                this.console.accept("PostgreSQL did not stop cleanly: " + ex);
            }
        }
    }

    static String since(long beginNanos) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - beginNanos);
        return String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
    }
}
