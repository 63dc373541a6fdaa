package com.crm.interaction.plan;

import com.crm.interaction.customer.CustomerAccess;
import com.crm.interaction.customer.CustomersMerged;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.web.ETags;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Communication plans and the contacts they make due. */
@Service
class CommunicationPlanService {

    private static final String RESOURCE = "Communication plan";

    private final CommunicationPlanRepository plans;
    private final Clock clock;
    private final CustomerAccess access;

    CommunicationPlanService(CommunicationPlanRepository plans, Clock clock, CustomerAccess access) {
        this.plans = plans;
        this.clock = clock;
        this.access = access;
    }

    @Transactional(readOnly = true)
    List<CommunicationPlanView> list() {
        return plans.all();
    }

    @Transactional(readOnly = true)
    CommunicationPlanView get(UUID id) {
        return plans.find(id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
    }

    @Transactional
    CommunicationPlanView create(CommunicationPlanInput in) {
        Instant now = now();
        UUID id = UUID.randomUUID();
        CommunicationPlanView plan = build(id, in, 1, now, now);
        save(plan);
        return plan;
    }

    @Transactional
    CommunicationPlanView replace(UUID id, String ifMatch, CommunicationPlanInput in) {
        CommunicationPlanView current = get(id);
        if (ifMatch != null) {
            ETags.requireMatch(ifMatch, current.version());
        }
        CommunicationPlanView plan = build(id, in, current.version() + 1, current.createdAt(), now());
        save(plan);
        return plan;
    }

    @Transactional
    void delete(UUID id) {
        plans.delete(id);
    }

    /** What is due (or overdue) by {@code before}, soonest first. */
    @Transactional(readOnly = true)
    CursorPage<DueContact> due(
            Instant before, String agentId, UUID customerId, String channel, String cursor, int limit) {
        Instant now = now();
        List<CommunicationPlanRepository.Row> rows = plans.due(
                before == null ? now : before,
                now,
                agentId,
                customerId,
                channel,
                KeysetCursor.decode(cursor),
                limit + 1,
                // only customers the caller sees, in SQL (pages stay full); a hidden customer has none, as an unknown
                // one
                access.condition("mb.customer_id"),
                true);
        return CursorPage.of(
                rows,
                limit,
                row -> new KeysetCursor(row.contact().dueAt(), row.key()).encode(),
                CommunicationPlanRepository.Row::contact);
    }

    /** A merge moves plan memberships to the survivor, in the transaction applying the merge. */
    @EventListener
    void merged(CustomersMerged merged) {
        if (!merged.mergedIds().isEmpty()) {
            plans.rekey(merged.mergedIds(), merged.survivor());
        }
    }

    private CommunicationPlanView build(
            UUID id, CommunicationPlanInput in, long version, Instant created, Instant now) {
        List<FieldViolation> errors = new ArrayList<>();
        List<UUID> members = in.customerIds() == null
                ? List.of()
                : in.customerIds().stream().distinct().toList();
        String tier =
                in.tier() == null || in.tier().isBlank() ? null : in.tier().strip();
        String loyaltyLevel = in.loyaltyLevel() == null || in.loyaltyLevel().isBlank()
                ? null
                : in.loyaltyLevel().strip();
        if (tier == null && loyaltyLevel == null && members.isEmpty()) {
            errors.add(new FieldViolation(
                    "customerIds", ErrorCode.TOO_FEW, "give a tier, a loyaltyLevel or customerIds (or several)"));
        }
        for (int i = 0; i < in.rules().size(); i++) {
            String every = in.rules().get(i).every();
            if (every.equals("P") || Period.parse(every).isZero()) {
                errors.add(new FieldViolation(
                        "rules[" + i + "].every", ErrorCode.OUT_OF_RANGE, "must be a positive period"));
            }
        }
        if (plans.nameTaken(in.name().strip(), id)) {
            errors.add(new FieldViolation("name", ErrorCode.TAKEN, "another plan has this name"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new CommunicationPlanView(
                id,
                in.name().strip(),
                tier,
                loyaltyLevel,
                members,
                in.rules(),
                in.active() == null || in.active(),
                version,
                created,
                now);
    }

    /** The name check in build() races with a concurrent create of the same name: the unique index decides. */
    private void save(CommunicationPlanView plan) {
        try {
            plans.upsert(plan);
        } catch (DuplicateKeyException e) {
            throw ApiException.invalid("name", ErrorCode.TAKEN, "another plan has this name");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
