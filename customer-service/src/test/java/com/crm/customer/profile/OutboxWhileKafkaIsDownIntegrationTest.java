package com.crm.customer.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.contracts.Topics;
import com.crm.support.outbox.OutboxRelay;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmInfrastructure;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TcpGate;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service starts with its Kafka address unreachable (connection refused): writes are still acknowledged and
 * their events wait in the outbox; once the broker is reachable, every event is delivered.
 */
@CrmServiceTest(
        properties = {
            "spring.kafka.admin.auto-create=false",
            // its consumers must not join the other contexts' groups: they would take partitions (and the events on
            // them) away from the contexts whose database other tests read
            "spring.kafka.consumer.group-id=customer-service-outbox-down-test"
        })
// closed after its tests, so its consumers do not linger behind a gate
@DirtiesContext
class OutboxWhileKafkaIsDownIntegrationTest {

    private static final TcpGate KAFKA = TcpGate.to(CrmInfrastructure.get().kafkaBootstrap());

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OutboxRelay relay;

    @DynamicPropertySource
    static void kafkaBehindAClosedGate(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::address);
    }

    @AfterAll
    static void closeGate() {
        KAFKA.close();
    }

    @Test
    void deliversEventsWrittenWhileKafkaWasDownOnceItIsBack() {
        ApiClient api = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.write"));
        List<String> ids = IntStream.range(0, 3)
                .mapToObj(i -> {
                    ApiResponse created =
                            api.post("/api/customers", "{\"type\":\"PERSON\",\"displayName\":\"Offline " + i + "\"}");
                    assertThat(created.status())
                            .as("writes are acknowledged while Kafka is down")
                            .isEqualTo(201);
                    return created.json().get("id").asString();
                })
                .toList();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from crm_outbox where attempts > 0 and last_error is not null")
                                .query(Long.class)
                                .single()
                        > 0);
        assertThat(relay.pending())
                .as("nothing was lost or sent while Kafka was down")
                .isEqualTo(3);

        KAFKA.open();
        try (EventCapture events = new EventCapture(CrmInfrastructure.get().kafkaBootstrap(), Topics.CUSTOMER)) {
            for (String id : ids) {
                assertThat(events.await("crm.customer.registered", id).key()).isEqualTo(id);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.pending() == 0);
            assertThat(events.received()).filteredOn(r -> ids.contains(r.key())).hasSize(3);
        }
    }
}
