package com.crm.segmentation.segment;

import com.crm.segmentation.access.CustomerAccess;
import com.crm.support.audit.AuditTrail;
import com.crm.support.database.StatementTimeout;
import com.crm.support.problem.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The members of static lists, added and removed by hand: by customer id (each id answered: changed, already so, or
 * not found — unknown and hidden alike, so a hidden customer is not revealed), or all the customers a search picks
 * now. Idempotent: adding a member or removing a non-member changes nothing and announces nothing. Only customers
 * within the caller's visibility are ever added or removed.
 */
@Service
public class StaticLists {

    public static final int MAX_IDS = 1000;

    /** What happened to one listed customer. */
    public enum Outcome {
        ADDED,
        ALREADY_MEMBER,
        REMOVED,
        NOT_MEMBER,
        /** unknown here, no longer active, or outside the caller's visibility */
        NOT_FOUND
    }

    public record CustomerOutcome(UUID customerId, Outcome outcome) {}

    /**
     * @param added   customers who joined by this call
     * @param removed customers who left by this call
     * @param matched customers the search picked within the caller's visibility (null for a list of ids)
     * @param items   per distinct listed id, in request order (empty for a search)
     */
    public record Change(int added, int removed, Long matched, List<CustomerOutcome> items) {}

    private final SegmentRepository definitions;
    private final SegmentMemberRepository members;
    private final SegmentMembership membership;
    private final TransactionTemplate transactions;
    private final CustomerAccess access;
    private final AuditTrail audit;
    private final StatementTimeout timeouts;

    StaticLists(
            SegmentRepository definitions,
            SegmentMemberRepository members,
            SegmentMembership membership,
            TransactionTemplate transactions,
            CustomerAccess access,
            AuditTrail audit,
            StatementTimeout timeouts) {
        this.definitions = definitions;
        this.members = members;
        this.membership = membership;
        this.transactions = transactions;
        this.access = access;
        this.audit = audit;
        this.timeouts = timeouts;
    }

    public Change add(UUID segmentId, List<UUID> ids) {
        List<UUID> distinct = List.copyOf(new LinkedHashSet<>(ids));
        return transactions.execute(tx -> {
            SegmentRepository.Definition list = requireActiveList(segmentId);
            List<SegmentMemberRepository.Listed> listed =
                    members.addListed(segmentId, distinct, access.condition("s.customer_id"));
            List<UUID> joined = changed(listed);
            membership.publish(segmentId, list.name(), joined, List.of());
            audit.record("segment.members-added", "segment", segmentId, Map.of("added", joined.size()));
            return new Change(
                    joined.size(), 0, null, outcomes(distinct, listed, Outcome.ADDED, Outcome.ALREADY_MEMBER));
        });
    }

    Change remove(UUID segmentId, List<UUID> ids) {
        List<UUID> distinct = List.copyOf(new LinkedHashSet<>(ids));
        return transactions.execute(tx -> {
            SegmentRepository.Definition list = requireActiveList(segmentId);
            List<SegmentMemberRepository.Listed> listed = members.removeListed(
                    segmentId, distinct, access.condition("m.customer_id"), access.condition("s.customer_id"));
            List<UUID> left = changed(listed);
            membership.publish(segmentId, list.name(), List.of(), left);
            audit.record("segment.members-removed", "segment", segmentId, Map.of("removed", left.size()));
            return new Change(0, left.size(), null, outcomes(distinct, listed, Outcome.REMOVED, Outcome.NOT_MEMBER));
        });
    }

    /** Adds every customer within the caller's visibility that all {@code conditions} pick now (a snapshot). */
    Change addMatching(UUID segmentId, JsonNode conditions) {
        SegmentCondition.Compiled c = SegmentCondition.compileAll(conditions, "conditions");
        return transactions.execute(tx -> {
            SegmentRepository.Definition list = requireActiveList(segmentId);
            // a search over every customer's scores: longer than an API statement may take
            timeouts.extendForBatch();
            long matched = members.count(c, access.condition("s.customer_id"));
            List<UUID> joined = members.addMatching(segmentId, c, access.condition("s.customer_id"));
            membership.publish(segmentId, list.name(), joined, List.of());
            audit.record("segment.members-added", "segment", segmentId, Map.of("added", joined.size(), "search", true));
            return new Change(joined.size(), 0, matched, List.of());
        });
    }

    private SegmentRepository.Definition requireActiveList(UUID segmentId) {
        SegmentRepository.Definition d =
                definitions.lock(segmentId).orElseThrow(() -> ApiException.notFound("segment", segmentId));
        if (d.archived()) {
            throw ApiException.conflict("segment " + segmentId + " is archived: its members cannot change");
        }
        if (d.kind() != SegmentKind.STATIC) {
            throw ApiException.conflict("segment " + segmentId + " is dynamic: its condition decides its members");
        }
        return d;
    }

    private static List<UUID> changed(List<SegmentMemberRepository.Listed> listed) {
        return listed.stream()
                .filter(SegmentMemberRepository.Listed::changed)
                .map(SegmentMemberRepository.Listed::customerId)
                .toList();
    }

    private static List<CustomerOutcome> outcomes(
            List<UUID> ids, List<SegmentMemberRepository.Listed> listed, Outcome changed, Outcome unchanged) {
        Map<UUID, Boolean> found = listed.stream()
                .collect(Collectors.toMap(
                        SegmentMemberRepository.Listed::customerId,
                        SegmentMemberRepository.Listed::changed,
                        (a, b) -> a || b));
        List<CustomerOutcome> out = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            Boolean c = found.get(id);
            out.add(new CustomerOutcome(id, c == null ? Outcome.NOT_FOUND : c ? changed : unchanged));
        }
        return out;
    }
}
