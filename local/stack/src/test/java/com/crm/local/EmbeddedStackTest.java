package com.crm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces {@link EmbeddedStack} adds to the launcher: its own run folder, and one part stopped and started again. */
class EmbeddedStackTest {

    @TempDir
    Path dataDir;

    @Test
    void servicesRunFromTheRunFolderGivenElseFromTheRepositorysCrmRun() {
        ServiceSpec gateway = Services.ALL.stream()
                .filter((s) -> s.name().equals("gateway"))
                .findFirst()
                .orElseThrow();
        StackConfig launcher = StackConfig.resolve(
                Settings.of(List.of(), Map.of(), Map.of()),
                Path.of("/repo"),
                Optional.empty(),
                Optional.empty(),
                Services.ALL);
        StackConfig moved = StackConfig.resolve(
                Settings.of(List.of("--run-dir=/elsewhere/run"), Map.of(), Map.of()),
                Path.of("/repo"),
                Optional.empty(),
                Optional.empty(),
                Services.ALL);

        assertThat(launcher.runJar(gateway)).isEqualTo(Path.of("/repo/.crm-run/gateway-" + Services.VERSION + ".jar"));
        assertThat(moved.runJar(gateway)).isEqualTo(Path.of("/elsewhere/run/gateway-" + Services.VERSION + ".jar"));
    }

    @Test
    void knowsEveryServiceAndRefusesArgumentsForAnUnknownOne() {
        assertThat(EmbeddedStack.knownServices())
                .containsExactlyElementsOf(
                        Services.ALL.stream().map(ServiceSpec::name).toList());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EmbeddedStack.builder(this.dataDir).serviceArguments("no-such-service", "--x=1"))
                .withMessageContaining("no-such-service");
    }

    @Test
    void kafkaAndPostgresStopAndStartAgainOnTheirPortsAndData() throws Exception {
        StackConfig config = StackConfig.resolve(
                Settings.of(
                        List.of(
                                "--data-dir=" + this.dataDir,
                                "--postgres-port=" + freePort(),
                                "--kafka-port=" + freePort(),
                                "--kafka-controller-port=" + freePort()),
                        Map.of(),
                        Map.of()),
                this.dataDir,
                Optional.empty(),
                Optional.empty(),
                Services.ALL);
        List<String> console = new CopyOnWriteArrayList<>();
        try (Infrastructure infrastructure = new Infrastructure(config, console::add)) {
            infrastructure.start();
            try (Connection db = connect(config);
                    Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE kept (id int PRIMARY KEY)");
                sql.execute("INSERT INTO kept VALUES (7)");
            }

            infrastructure.stopPostgres();
            infrastructure.stopPostgres();
            infrastructure.startPostgres();
            try (Connection db = connect(config);
                    Statement sql = db.createStatement();
                    ResultSet rows = sql.executeQuery("SELECT id FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }

            infrastructure.stopKafka();
            infrastructure.startKafka();
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap()))) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            }
        }
        assertThat(console)
                .filteredOn((line) -> line.startsWith("PostgreSQL is up"))
                .hasSize(2);
        assertThat(console).filteredOn((line) -> line.startsWith("Kafka is up")).hasSize(2);
        assertThat(console).filteredOn((line) -> line.contains("existing")).hasSize(2);
    }

    private static Connection connect(StackConfig config) throws Exception {
        return DriverManager.getConnection(
                config.jdbcUrl("crm_customer"), config.databaseUser(), config.databasePassword());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
