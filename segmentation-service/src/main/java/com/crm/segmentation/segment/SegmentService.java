package com.crm.segmentation.segment;

import com.crm.segmentation.access.CustomerAccess;
import com.crm.support.access.SqlCondition;
import com.crm.support.audit.AuditTrail;
import com.crm.support.database.StatementTimeout;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import com.crm.support.security.CrmActor;
import com.crm.support.web.ETags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Segment definitions: define, preview, change (a new version, members recomputed at once), archive (members
 * leave; the definition stays readable), and the members as pages or CSV. Membership upkeep is
 * {@link SegmentMembership}'s; static lists' members are {@link StaticLists}'.
 */
@Service
public class SegmentService {

    static final int SAMPLE = 20;

    private final SegmentRepository repository;
    private final SegmentMemberRepository members;
    private final SegmentMembership membership;
    private final TransactionTemplate transactions;
    private final CustomerAccess access;
    private final AuditTrail audit;
    private final StatementTimeout timeouts;

    SegmentService(
            SegmentRepository repository,
            SegmentMemberRepository members,
            SegmentMembership membership,
            TransactionTemplate transactions,
            AuditTrail audit,
            StatementTimeout timeouts,
            CustomerAccess access) {
        this.repository = repository;
        this.members = members;
        this.membership = membership;
        this.transactions = transactions;
        this.audit = audit;
        this.timeouts = timeouts;
        this.access = access;
    }

    record Segment(
            UUID id,
            String name,
            String description,
            SegmentKind kind,
            JsonNode condition,
            int version,
            Instant createdAt,
            String createdBy,
            Instant updatedAt,
            String updatedBy,
            Instant refreshedAt,
            boolean archived,
            Instant archivedAt,
            long members) {}

    /** One definition a segment had: {@code definedBy} is who made it (the token's subject or client id). */
    record Version(
            int version, String name, String description, JsonNode condition, Instant definedAt, String definedBy) {}

    /** A definition as a create or an update gives it. */
    record Definition(String name, String description, SegmentKind kind, JsonNode condition) {}

    record Preview(long count, List<UUID> sample) {}

    record Member(UUID customerId, Instant joinedAt, String tier, String stage, Double clv) {}

    /** A segment a customer is in, and since when. */
    record CustomerSegment(UUID segmentId, String name, SegmentKind kind, Instant since) {}

    Preview preview(JsonNode condition) {
        SegmentCondition.Compiled c = SegmentCondition.compile(condition, "condition");
        // counted and sampled within the caller's visibility: a count of hidden customers would reveal them
        SqlCondition visible = access.condition("s.customer_id");
        return new Preview(members.count(c, visible), members.sample(c, SAMPLE, visible));
    }

    Segment create(Definition d) {
        SegmentKind kind = d.kind() == null ? SegmentKind.DYNAMIC : d.kind();
        boolean timeWindow = check(kind, d.condition());
        UUID id = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> {
            try {
                repository.insert(id, kind, change(d, kind, timeWindow));
            } catch (DuplicateKeyException e) {
                throw nameTaken(d.name());
            }
            audit.record("segment.created", "segment", id, Map.of("kind", kind));
            // computing the members reads every customer's scores: longer than an API statement may take
            timeouts.extendForBatch();
            membership.refresh(id);
        });
        return find(id);
    }

    /**
     * Replaces the definition (a new version) and recomputes a dynamic segment's members at once, the joiners and
     * leavers announced in the same transaction. {@code ifMatch} is checked when given.
     */
    Segment update(UUID id, String ifMatch, Definition d) {
        transactions.executeWithoutResult(tx -> {
            SegmentRepository.Definition current =
                    repository.lock(id).orElseThrow(() -> ApiException.notFound("segment", id));
            if (current.archived()) {
                throw ApiException.conflict("segment " + id + " is archived: it cannot change");
            }
            if (ifMatch != null) {
                ETags.requireMatch(ifMatch, current.version());
            }
            if (d.kind() != null && d.kind() != current.kind()) {
                throw notAllowed(
                        "kind",
                        "a segment's kind cannot change: define a new "
                                + d.kind().name() + " segment");
            }
            boolean timeWindow = check(current.kind(), d.condition());
            int version;
            try {
                version = repository.update(id, change(d, current.kind(), timeWindow));
            } catch (DuplicateKeyException e) {
                throw nameTaken(d.name());
            }
            audit.record("segment.updated", "segment", id, Map.of("version", version));
            timeouts.extendForBatch();
            membership.refresh(id);
        });
        return find(id);
    }

    /** Archives the segment: its members leave (announced), it is listed only with archived=true; twice is once. */
    void archive(UUID id) {
        transactions.executeWithoutResult(tx -> {
            SegmentRepository.Definition current =
                    repository.lock(id).orElseThrow(() -> ApiException.notFound("segment", id));
            if (current.archived()) {
                return;
            }
            repository.archive(id, actor());
            timeouts.extendForBatch();
            membership.publish(id, current.name(), List.of(), members.removeAll(id));
            audit.record("segment.archived", "segment", id, Map.of("version", current.version()));
        });
    }

    /**
     * Checks the condition against the kind: a dynamic segment needs one (400 naming each fault), a static list
     * takes none (422 naming it). @return whether the condition counts days
     */
    private static boolean check(SegmentKind kind, JsonNode condition) {
        boolean given = condition != null && !condition.isNull();
        if (kind == SegmentKind.STATIC) {
            if (given) {
                throw notAllowed(
                        "condition",
                        "a static list has no condition: add members by id or from a search "
                                + "(POST /api/segmentation/segments/{id}/members)");
            }
            return false;
        }
        return SegmentCondition.compile(condition, "condition").timeWindow();
    }

    private SegmentRepository.Change change(Definition d, SegmentKind kind, boolean timeWindow) {
        return new SegmentRepository.Change(
                d.name(), d.description(), kind == SegmentKind.STATIC ? null : d.condition(), timeWindow, actor());
    }

    /** Who changes it: the token's subject or client id; the service itself without one. */
    static String actor() {
        return CrmActor.currentIfAny().map(CrmActor::id).orElse(AuditTrail.SYSTEM);
    }

    private static ApiException nameTaken(String name) {
        return ApiException.conflict("a segment named '" + name + "' exists");
    }

    /** 422: a well-formed value the segment's rules refuse, naming the field. */
    static ApiException notAllowed(String field, String message) {
        return new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT,
                ProblemTypes.RULE_VIOLATION,
                "Not allowed for this segment",
                message,
                List.of(new FieldViolation(field, ErrorCode.NOT_ALLOWED, message)));
    }

    Segment find(UUID id) {
        return repository
                .find(id, access.condition("m.customer_id"))
                .orElseThrow(() -> ApiException.notFound("segment", id));
    }

    /** 404 for an unknown segment, without counting its members (a page of them needs no count). */
    void requireExists(UUID id) {
        if (!repository.exists(id)) {
            throw ApiException.notFound("segment", id);
        }
    }

    /** The active segments of a customer; the 404 of an unknown customer for one outside the caller's visibility. */
    List<CustomerSegment> segmentsOf(UUID customerId) {
        access.refuseHidden(customerId);
        return members.segmentsOf(customerId);
    }

    List<Segment> list(boolean archived) {
        return repository.list(access.condition("m.customer_id"), archived);
    }

    CursorPage<Version> versions(UUID id, int limit, String cursor) {
        requireExists(id);
        Integer before = null;
        if (cursor != null) {
            try {
                before = Integer.valueOf(cursor);
            } catch (NumberFormatException e) {
                throw ApiException.invalid(
                        KeysetCursor.PARAMETER, ErrorCode.INVALID_CURSOR, "a cursor this list handed out");
            }
        }
        return CursorPage.of(
                repository.versions(id, before, limit + 1), limit, last -> String.valueOf(last.version()), v -> v);
    }

    CursorPage<Member> members(UUID id, int limit, String cursor) {
        requireExists(id);
        KeysetCursor after = KeysetCursor.decode(cursor);
        return CursorPage.of(
                members.members(id, after, limit + 1, access.condition("m.customer_id")),
                limit,
                last -> new KeysetCursor(last.joinedAt(), last.customerId()).encode(),
                m -> m);
    }

    @Transactional(readOnly = true)
    public void exportCsv(UUID id, Writer out) {
        requireExists(id);
        try {
            out.write("customerId,joinedAt,tier,stage,clv\n");
            members.forEachMember(id, access.condition("m.customer_id"), m -> {
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
}
