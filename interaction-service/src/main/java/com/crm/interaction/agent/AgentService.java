package com.crm.interaction.agent;

import com.crm.interaction.contact.Channel;
import com.crm.support.audit.AuditTrail;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.web.ETags;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Agents: validated as a whole, versioned for If-Match, every change audited. */
@Service
class AgentService {

    static final String RESOURCE = "Agent";
    private static final String SUBJECT = "agent";

    private final AgentRepository agents;
    private final Clock clock;
    private final AuditTrail audit;

    AgentService(AgentRepository agents, Clock clock, AuditTrail audit) {
        this.agents = agents;
        this.clock = clock;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    List<AgentView> list() {
        return agents.all();
    }

    @Transactional(readOnly = true)
    AgentView get(UUID id) {
        return agents.find(id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
    }

    @Transactional
    AgentView create(AgentInput in) {
        Instant now = now();
        UUID id = UUID.randomUUID();
        AgentView agent = build(id, in, 1, now, now);
        save(agent);
        audit.record("agent.created", SUBJECT, id, Map.of("version", 1, "userId", agent.userId()));
        return agent;
    }

    @Transactional
    AgentView replace(UUID id, String ifMatch, AgentInput in) {
        AgentView current = agents.findForUpdate(id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
        if (ifMatch != null) {
            ETags.requireMatch(ifMatch, current.version());
        }
        AgentView agent = build(id, in, current.version() + 1, current.createdAt(), now());
        save(agent);
        audit.record("agent.replaced", SUBJECT, id, Map.of("version", agent.version(), "userId", agent.userId()));
        return agent;
    }

    @Transactional
    void delete(UUID id) {
        if (agents.findForUpdate(id).isEmpty()) {
            return;
        }
        if (!agents.deleteUnlessBusy(id)) {
            throw ApiException.conflict("The agent still holds open assignments: complete them first");
        }
        audit.record("agent.deleted", SUBJECT, id, Map.of());
    }

    private AgentView build(UUID id, AgentInput in, long version, Instant created, Instant now) {
        List<FieldViolation> errors = new ArrayList<>();
        List<SkillLevel> skills = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<SkillLevel> given = in.skills() == null ? List.of() : in.skills();
        for (int i = 0; i < given.size(); i++) {
            String skill = given.get(i).skill().strip().toLowerCase(Locale.ROOT);
            if (!seen.add(skill)) {
                errors.add(new FieldViolation("skills[" + i + "].skill", ErrorCode.DUPLICATE, "skill given twice"));
            }
            skills.add(new SkillLevel(skill, given.get(i).level()));
        }
        WorkingHours hours = in.workingHours();
        if (hours != null) {
            try {
                ZoneId.of(hours.timeZone().strip());
            } catch (DateTimeException e) {
                errors.add(new FieldViolation(
                        "workingHours.timeZone",
                        ErrorCode.INVALID_FORMAT,
                        "not an IANA time zone, e.g. Asia/Shanghai"));
            }
            for (int i = 0; i < hours.slots().size(); i++) {
                WorkingHours.Slot slot = hours.slots().get(i);
                if (!slot.end().isAfter(slot.start())) {
                    errors.add(new FieldViolation(
                            "workingHours.slots[" + i + "].end", ErrorCode.EMPTY_RANGE, "must be after start"));
                }
            }
            hours = new WorkingHours(hours.timeZone().strip(), hours.slots());
        }
        String userId = in.userId().strip();
        if (agents.userTaken(userId, id)) {
            errors.add(new FieldViolation("userId", ErrorCode.TAKEN, "another agent has this user id"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Map<Channel, Integer> capacity = new LinkedHashMap<>();
        if (in.capacity() != null) {
            in.capacity().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> capacity.put(e.getKey(), e.getValue()));
        }
        String team =
                in.team() == null || in.team().isBlank() ? null : in.team().strip();
        return new AgentView(
                id,
                userId,
                in.displayName().strip(),
                team,
                List.copyOf(skills),
                in.seniority(),
                capacity,
                hours,
                in.available() == null || in.available(),
                version,
                created,
                now);
    }

    /** The user id check in build() races with a concurrent write: the unique index decides. */
    private void save(AgentView agent) {
        try {
            agents.upsert(agent);
        } catch (DuplicateKeyException e) {
            throw ApiException.invalid("userId", ErrorCode.TAKEN, "another agent has this user id");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
