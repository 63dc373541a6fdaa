package com.crm.segmentation.segment;

import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.interaction.InteractionRecorded;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.segmentation.SegmentMembershipChanged;
import com.crm.segmentation.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Customers, purchases and interactions as their owning services publish them, and the segment events written. */
final class SegmentTestData {

    private static final String CUSTOMERS = "/crm/customer-service";
    private static final String INTERACTIONS = "/crm/interaction-service";

    private final JdbcClient jdbc;

    SegmentTestData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void register(UUID id, String region, List<String> tags, String owner, String team) {
        Instant now = Instant.now();
        TestEvents.publish(
                CUSTOMERS,
                new CustomerRegistered(
                        id,
                        new CustomerSnapshot(
                                id, "PERSON", null, null, "retail", region, tags, owner, Map.of(), now, now, 1, null,
                                team)));
    }

    /** One purchase {@code daysAgo} days ago. */
    void purchase(UUID customer, int daysAgo) {
        TestEvents.publish(
                CUSTOMERS,
                new PurchaseRecorded(
                        customer,
                        UUID.randomUUID(),
                        "erp",
                        null,
                        Instant.now().minus(daysAgo, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS),
                        "40.00",
                        "CNY",
                        1,
                        "store",
                        null));
    }

    void interaction(UUID customer, String channel, String type, int daysAgo) {
        TestEvents.publish(
                INTERACTIONS,
                new InteractionRecorded(
                        customer,
                        UUID.randomUUID(),
                        channel,
                        "INBOUND",
                        type,
                        null,
                        null,
                        Instant.now().minus(daysAgo, ChronoUnit.DAYS),
                        null,
                        null,
                        null,
                        false,
                        null,
                        null,
                        false));
    }

    /** Waits until segmentation-service knows the customers (active) with these many purchases each. */
    void awaitKnown(Map<UUID, Integer> purchases) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> purchases.entrySet().stream()
                        .allMatch(e -> known(e.getKey()) && purchases(e.getKey()) == e.getValue()));
    }

    void awaitInteractions(UUID customer, int count) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("select count(*) from interaction_signal where customer_id = :id")
                                .param("id", customer)
                                .query(Long.class)
                                .single()
                        == count);
    }

    private boolean known(UUID id) {
        return jdbc.sql("select count(*) from segment_subject where customer_id = :id")
                        .param("id", id)
                        .query(Long.class)
                        .single()
                == 1;
    }

    private long purchases(UUID id) {
        return jdbc.sql("select count(*) from purchase where customer_id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }

    /** The outbox's last sequence number: events written after it are {@link #changesSince}'s. */
    long outboxMark() {
        return jdbc.sql("select coalesce(max(seq), 0) from crm_outbox")
                .query(Long.class)
                .single();
    }

    /**
     * The membership changes of the segment written (in the transaction of the change) since {@code mark}, as
     * "JOINED customerId" / "LEFT customerId".
     */
    Set<String> changesSince(long mark, String segmentId) {
        Set<String> changes = new HashSet<>();
        jdbc
                .sql("""
                select payload from crm_outbox
                where seq > :mark and event_type = 'crm.segment.membership-changed' order by seq""")
                .param("mark", mark)
                .query((rs, n) ->
                        CrmEventCodec.data(CrmEventCodec.decode(rs.getBytes(1)), SegmentMembershipChanged.class))
                .list()
                .stream()
                .filter(e -> e.segmentId().toString().equals(segmentId))
                .forEach(e -> changes.add(e.change() + " " + e.customerId()));
        return changes;
    }
}
