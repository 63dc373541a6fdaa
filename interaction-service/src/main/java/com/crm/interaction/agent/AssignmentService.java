package com.crm.interaction.agent;

import com.crm.interaction.customer.CustomerAccess;
import com.crm.interaction.customer.CustomersMerged;
import com.crm.support.problem.ApiException;
import com.crm.support.security.CrmActor;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Customers handed to agents, within each agent's capacity per channel. */
@Service
class AssignmentService {

    private static final String RESOURCE = "Assignment";

    /** An assignment and whether this call created it (201) or found it made by an earlier call (200). */
    record Assigned(AssignmentView assignment, boolean created) {}

    private final AgentRepository agents;
    private final AssignmentRepository assignments;
    private final CustomerAccess access;
    private final Clock clock;

    AssignmentService(AgentRepository agents, AssignmentRepository assignments, CustomerAccess access, Clock clock) {
        this.agents = agents;
        this.assignments = assignments;
        this.access = access;
        this.clock = clock;
    }

    /**
     * Inserts the assignment first (a repeated id finds the first one, also when sent concurrently: the unique key
     * waits for the first writer), then takes a capacity slot with a conditional increment; a full agent rolls the
     * insert back with a 409.
     */
    @Transactional
    Assigned assign(UUID agentId, AssignmentInput in) {
        agents.find(agentId).orElseThrow(() -> ApiException.notFound(AgentService.RESOURCE, agentId));
        access.refuseHidden(in.customerId());
        UUID id = in.assignmentId() == null ? UUID.randomUUID() : in.assignmentId();
        String by = CrmActor.currentIfAny().map(CrmActor::id).orElse(null);
        if (!assignments.insert(id, agentId, in, by, now())) {
            AssignmentView existing = assignments.find(id).orElseThrow();
            if (!existing.agentId().equals(agentId)
                    || !existing.customerId().equals(in.customerId())
                    || existing.channel() != in.channel()) {
                throw ApiException.conflict("assignmentId " + id + " is taken by another assignment");
            }
            access.refuseHidden(existing.customerId());
            return new Assigned(existing, false);
        }
        if (!assignments.takeSlot(agentId, in.channel())) {
            throw ApiException.conflict("The agent has no capacity left on " + in.channel()
                    + ": complete an open assignment or raise the capacity");
        }
        return new Assigned(assignments.find(id).orElseThrow(), true);
    }

    @Transactional
    AssignmentView complete(UUID agentId, UUID id, CompletionInput in) {
        AssignmentView current = assignments
                .find(id)
                .filter(a -> a.agentId().equals(agentId))
                .orElseThrow(() -> ApiException.notFound(RESOURCE, id));
        if (access.hidden(current.customerId())) {
            throw ApiException.notFound(RESOURCE, id);
        }
        if (!assignments.complete(agentId, id, in.outcome(), now())) {
            AssignmentView done = assignments.find(id).orElseThrow();
            if (!Objects.equals(done.outcome(), in.outcome())) {
                throw ApiException.conflict("The assignment was completed already with outcome " + done.outcome());
            }
            return done;
        }
        return assignments.find(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    List<AssignmentView> ofAgent(UUID agentId, boolean openOnly, int limit) {
        agents.find(agentId).orElseThrow(() -> ApiException.notFound(AgentService.RESOURCE, agentId));
        return assignments.ofAgent(agentId, openOnly, limit, access.condition("a.customer_id"));
    }

    /** A merge moves assignments to the survivor, in the transaction applying the merge. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void merged(CustomersMerged merged) {
        if (!merged.mergedIds().isEmpty()) {
            assignments.rekey(merged.mergedIds(), merged.survivor());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
