package com.crm.segmentation.segment;

import com.crm.contracts.events.segmentation.SegmentMembershipChanged;
import com.crm.support.access.SqlCondition;
import com.crm.support.database.StatementTimeout;
import com.crm.support.outbox.EventOutbox;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps dynamic segments' members current: set-based per segment (one insert of the joiners, one delete of the
 * leavers) on every full run, when a segment is defined or changed, and daily for conditions that count days; per
 * customer after each event that changed them. Every join and leave publishes {@code crm.segment.membership-changed}
 * in the transaction of the change, a segment's many in one batch.
 */
@Service
public class SegmentMembership {

    static final String JOINED = "JOINED";
    static final String LEFT = "LEFT";

    private final SegmentRepository definitions;
    private final SegmentMemberRepository members;
    private final SegmentSizeRepository sizes;
    private final EventOutbox outbox;
    private final TransactionTemplate transactions;
    private final StatementTimeout timeouts;

    SegmentMembership(
            SegmentRepository definitions,
            SegmentMemberRepository members,
            SegmentSizeRepository sizes,
            EventOutbox outbox,
            TransactionTemplate transactions,
            StatementTimeout timeouts) {
        this.definitions = definitions;
        this.members = members;
        this.sizes = sizes;
        this.outbox = outbox;
        this.transactions = transactions;
        this.timeouts = timeouts;
    }

    /** Recomputes every active dynamic segment (full runs), then records today's sizes. @return joins + leaves */
    public int refreshAll() {
        int changes = refreshEach(definitions.dynamicIds(false));
        snapshotSizes();
        return changes;
    }

    /** Recomputes the segments whose conditions count days: they change as time passes, without any event. */
    int refreshTimeWindows() {
        return refreshEach(definitions.dynamicIds(true));
    }

    /** Records every active segment's member count for today (UTC), in one statement. */
    int snapshotSizes() {
        Integer recorded = transactions.execute(tx -> sizes.snapshot(LocalDate.now(ZoneOffset.UTC)));
        return recorded == null ? 0 : recorded;
    }

    private int refreshEach(List<UUID> ids) {
        int changes = 0;
        for (UUID id : ids) {
            Integer c = transactions.execute(tx -> {
                // computing the members reads every customer's scores: longer than an API statement may take
                timeouts.extendForBatch();
                return refresh(id);
            });
            changes += c == null ? 0 : c;
        }
        return changes;
    }

    /**
     * Recomputes one dynamic segment set-based, in the caller's transaction; a static, archived or deleted one is
     * left alone. @return joins + leaves
     */
    int refresh(UUID segmentId) {
        SegmentRepository.Definition segment = definitions.lock(segmentId).orElse(null);
        if (segment == null || segment.archived() || segment.kind() != SegmentKind.DYNAMIC) {
            return 0;
        }
        SegmentCondition.Compiled c = SegmentCondition.compile(segment.condition(), "condition");
        List<UUID> joined = members.addMatching(segmentId, c, SqlCondition.TRUE);
        List<UUID> left = members.removeNotMatching(segmentId, c);
        definitions.markRefreshed(segmentId);
        publish(segmentId, segment.name(), joined, left);
        return joined.size() + left.size();
    }

    /** The events of the customers who joined and left one segment, in one batched statement. */
    void publish(UUID segmentId, String name, List<UUID> joined, List<UUID> left) {
        Instant now = Instant.now();
        List<SegmentMembershipChanged> changes = new ArrayList<>(joined.size() + left.size());
        joined.forEach(id -> changes.add(new SegmentMembershipChanged(id, segmentId, name, JOINED, now)));
        left.forEach(id -> changes.add(new SegmentMembershipChanged(id, segmentId, name, LEFT, now)));
        if (!changes.isEmpty()) {
            outbox.appendAll(changes);
        }
    }

    /**
     * Re-evaluates one customer against every active dynamic segment, in the caller's transaction (incremental
     * updates); a customer no longer active (deleted, merged away) also leaves the static lists.
     */
    public void refreshCustomer(UUID customerId) {
        refreshCustomers(List.of(customerId));
    }

    /**
     * Re-evaluates the listed customers (a consumer batch's) against every active dynamic segment, set-based: per
     * segment one insert of the joiners and one delete of the leavers among them; those no longer active leave the
     * static lists. In the caller's transaction; the events in one batch, each customer's in segment order.
     */
    public void refreshCustomers(List<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        List<SegmentMembershipChanged> changes = new ArrayList<>();
        for (SegmentRepository.Definition s : definitions.dynamicDefinitions()) {
            SegmentCondition.Compiled c = SegmentCondition.compile(s.condition(), "condition");
            for (UUID id : members.joinMatching(s.id(), customerIds, c)) {
                changes.add(new SegmentMembershipChanged(id, s.id(), s.name(), JOINED, now));
            }
            for (UUID id : members.leaveNotMatching(s.id(), customerIds, c)) {
                changes.add(new SegmentMembershipChanged(id, s.id(), s.name(), LEFT, now));
            }
        }
        for (SegmentMemberRepository.LeftList l : members.leaveStaticListsUnlessSubject(customerIds)) {
            changes.add(new SegmentMembershipChanged(l.customerId(), l.segmentId(), l.name(), LEFT, now));
        }
        if (!changes.isEmpty()) {
            // grouped by customer, in segment order: one customer's events keep the order they had one at a time
            Map<UUID, List<SegmentMembershipChanged>> byCustomer = new LinkedHashMap<>();
            customerIds.forEach(id -> byCustomer.put(id, new ArrayList<>()));
            changes.forEach(e -> byCustomer
                    .computeIfAbsent(e.customerId(), id -> new ArrayList<>())
                    .add(e));
            outbox.appendAll(byCustomer.values().stream().flatMap(List::stream).toList());
        }
    }
}
