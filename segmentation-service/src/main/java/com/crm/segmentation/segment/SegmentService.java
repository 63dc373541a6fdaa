package com.crm.segmentation.segment;

import com.crm.contracts.events.segmentation.SegmentMembershipChanged;
import com.crm.segmentation.access.CustomerAccess;
import com.crm.support.access.SqlCondition;
import com.crm.support.audit.AuditTrail;
import com.crm.support.database.StatementTimeout;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Dynamic segments: definitions, previews, members, and membership upkeep. Memberships are recomputed set-based
 * (one insert of joiners and one delete of leavers per segment) on every full run and when a segment is created,
 * and per customer after each event that changed them; every join and leave publishes
 * {@code crm.segment.membership-changed} in the transaction of the change.
 */
@Service
public class SegmentService {

    static final int SAMPLE = 20;

    private final SegmentRepository repository;
    private final EventOutbox outbox;
    private final TransactionTemplate transactions;
    private final CustomerAccess access;

    private final AuditTrail audit;
    private final StatementTimeout timeouts;

    SegmentService(
            SegmentRepository repository,
            EventOutbox outbox,
            TransactionTemplate transactions,
            AuditTrail audit,
            StatementTimeout timeouts,
            CustomerAccess access) {
        this.access = access;
        this.repository = repository;
        this.outbox = outbox;
        this.transactions = transactions;
        this.audit = audit;
        this.timeouts = timeouts;
    }

    record Segment(
            UUID id,
            String name,
            String description,
            JsonNode condition,
            Instant createdAt,
            Instant refreshedAt,
            long members) {}

    record Preview(long count, List<UUID> sample) {}

    record Member(UUID customerId, Instant joinedAt, String tier, String stage, Double clv) {}

    Preview preview(JsonNode condition) {
        SegmentCondition.Compiled c = SegmentCondition.compile(condition, "condition");
        // counted and sampled within the caller's visibility: a count of hidden customers would reveal them
        SqlCondition visible = access.condition("s.customer_id");
        return new Preview(repository.count(c, visible), repository.sample(c, SAMPLE, visible));
    }

    Segment create(String name, String description, JsonNode condition) {
        SegmentCondition.compile(condition, "condition");
        UUID id = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> {
            try {
                repository.insert(id, name, description, condition);
            } catch (DuplicateKeyException e) {
                throw ApiException.conflict("a segment named '" + name + "' exists");
            }
            audit.record("segment.created", "segment", id, Map.of());
            // computing the members reads every customer's scores: longer than an API statement may take
            timeouts.extendForBatch();
            refresh(id);
        });
        return find(id);
    }

    Segment find(UUID id) {
        return repository
                .find(id, access.condition("m.customer_id"))
                .orElseThrow(() -> ApiException.notFound("segment", id));
    }

    /** 404 for an unknown segment, without counting its members (a page of them needs no count). */
    private void requireExists(UUID id) {
        if (!repository.exists(id)) {
            throw ApiException.notFound("segment", id);
        }
    }

    List<Segment> list() {
        return repository.list(access.condition("m.customer_id"));
    }

    CursorPage<Member> members(UUID id, int limit, String cursor) {
        requireExists(id);
        KeysetCursor after = KeysetCursor.decode(cursor);
        return CursorPage.of(
                repository.members(id, after, limit + 1, access.condition("m.customer_id")),
                limit,
                last -> new KeysetCursor(last.joinedAt(), last.customerId()).encode(),
                m -> m);
    }

    @Transactional(readOnly = true)
    public void exportCsv(UUID id, Writer out) {
        requireExists(id);
        try {
            out.write("customerId,joinedAt,tier,stage,clv\n");
            repository.forEachMember(id, access.condition("m.customer_id"), m -> {
                try {
                    out.write(m.customerId() + "," + m.joinedAt() + "," + nz(m.tier()) + "," + nz(m.stage()) + ","
                            + (m.clv() == null ? "" : String.format(Locale.ROOT, "%.2f", m.clv())) + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Recomputes every segment's membership (full runs). @return joins + leaves */
    public int refreshAll() {
        int changes = 0;
        for (UUID id : repository.ids()) {
            Integer c = transactions.execute(tx -> {
                timeouts.extendForBatch();
                return refresh(id);
            });
            changes += c == null ? 0 : c;
        }
        return changes;
    }

    /** Recomputes one segment set-based, in the caller's transaction. @return joins + leaves */
    int refresh(UUID segmentId) {
        SegmentRepository.Definition segment = repository.definition(segmentId);
        SegmentCondition.Compiled c = SegmentCondition.compile(segment.condition(), "condition");
        List<UUID> joined = repository.addMatching(segmentId, c);
        List<UUID> left = repository.removeNotMatching(segmentId, c);
        repository.markRefreshed(segmentId);
        Instant now = Instant.now();
        // a refresh of a large segment moves many customers: their events go in one batched statement
        List<SegmentMembershipChanged> changes = new ArrayList<>(joined.size() + left.size());
        joined.forEach(id -> changes.add(new SegmentMembershipChanged(id, segmentId, segment.name(), "JOINED", now)));
        left.forEach(id -> changes.add(new SegmentMembershipChanged(id, segmentId, segment.name(), "LEFT", now)));
        outbox.appendAll(changes);
        return joined.size() + left.size();
    }

    /** Re-evaluates one customer against every segment, in the caller's transaction (incremental updates). */
    public void refreshCustomer(UUID customerId) {
        Instant now = Instant.now();
        for (SegmentRepository.Definition s : repository.definitions()) {
            SegmentCondition.Compiled c = SegmentCondition.compile(s.condition(), "condition");
            if (repository.matches(customerId, c)) {
                if (repository.join(s.id(), customerId)) {
                    outbox.append(new SegmentMembershipChanged(customerId, s.id(), s.name(), "JOINED", now));
                }
            } else if (repository.leave(s.id(), customerId)) {
                outbox.append(new SegmentMembershipChanged(customerId, s.id(), s.name(), "LEFT", now));
            }
        }
    }
}
