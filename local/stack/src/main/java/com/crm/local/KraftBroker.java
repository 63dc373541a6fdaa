package com.crm.local;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka (combined broker and KRaft controller) running inside this JVM, with Kafka's
 * own server classes, the way {@code kafka-storage format} plus {@code kafka-server-start} would
 * run it: the log directory is formatted once (a {@code meta.properties} marks it) and reused on
 * every later start, so topics, records and committed offsets survive restarts.
 */
final class KraftBroker implements AutoCloseable {

    static final int NODE_ID = 1;

    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;

    private final int port;

    private final boolean formatted;

    private KraftBroker(KafkaRaftServer server, int port, boolean formatted) {
        this.server = server;
        this.port = port;
        this.formatted = formatted;
    }

    /**
     * Formats the log directory if it has never been formatted, then starts the node and returns
     * once the broker is registered and serving.
     */
    static KraftBroker start(Path logDir, int port, int controllerPort) throws Exception {
        Files.createDirectories(logDir);
        KafkaConfig config = new KafkaConfig(serverProperties(logDir, port, controllerPort), false);
        boolean format = !Files.exists(logDir.resolve("meta.properties"));
        if (format) {
            format(logDir);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException ex) {
            server.shutdown();
            server.awaitShutdown();
            throw ex;
        }
        return new KraftBroker(server, port, format);
    }

    /** The broker configuration: a server.properties for one combined node on localhost. */
    static Map<String, Object> serverProperties(Path logDir, int port, int controllerPort) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put(
                "listeners",
                "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        props.put("num.partitions", "6");
        props.put("auto.create.topics.enable", "true");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "6");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // a local consumer group should not wait 3 s for more members
        props.put("group.initial.rebalance.delay.ms", "0");
        // local disks and dev data: keep a week, in small segments
        props.put("log.retention.hours", "168");
        props.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        // the log cleaner's default 128 MiB dedupe buffer is far more than compacted dev topics need
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return props;
    }

    /** What {@code kafka-storage format -t <random> -c server.properties} does for this node. */
    private static void format(Path logDir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
                .addDirectory(logDir.toAbsolutePath().toString())
                .run();
    }

    String bootstrapServers() {
        return "localhost:" + this.port;
    }

    /** True when this start formatted the log directory (first start on it). */
    boolean formatted() {
        return this.formatted;
    }

    @Override
    public void close() {
        this.server.shutdown();
        this.server.awaitShutdown();
    }
}
