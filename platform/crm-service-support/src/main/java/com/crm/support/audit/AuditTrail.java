package com.crm.support.audit;

import com.crm.contracts.events.audit.AuditRecorded;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.security.CrmActor;
import com.crm.support.web.RequestIdFilter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Records a sensitive action in the audit log: appends {@code crm.audit.recorded} to {@code crm.audit.v1} through
 * the outbox, so it commits with the action or not at all. Call it inside the action's transaction. The actor is
 * the caller of the current request ({@link CrmActor#current()}); without one (a scheduled job) it is the service
 * itself ({@code SYSTEM}). Details hold ids and codes only, never personal data.
 */
public class AuditTrail {

    /** Actor kind of an action no token asked for (a scheduled job, a consumer). */
    public static final String SYSTEM = "SYSTEM";

    private final EventOutbox outbox;
    private final Clock clock;
    private final String service;

    public AuditTrail(EventOutbox outbox, Clock clock, String service) {
        this.outbox = outbox;
        this.clock = clock;
        this.service = service;
    }

    /** An action about a customer. */
    public UUID record(String action, String subjectType, Object subjectId, UUID customerId, Map<String, ?> details) {
        return outbox.append(entry(action, subjectType, subjectId, customerId, details));
    }

    /**
     * The event {@link #record} would append, for callers that append many in one batch ({@link
     * EventOutbox#appendAll}) in the action's transaction.
     */
    public AuditRecorded entry(
            String action, String subjectType, Object subjectId, UUID customerId, Map<String, ?> details) {
        Actor actor = actor();
        Map<String, String> text = new LinkedHashMap<>();
        if (details != null) {
            details.forEach((key, value) -> {
                if (value != null) {
                    text.put(key, String.valueOf(value));
                }
            });
        }
        return new AuditRecorded(
                customerId,
                actor.id(),
                actor.kind(),
                actor.role(),
                action,
                subjectType,
                subjectId == null ? null : String.valueOf(subjectId),
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                RequestIdFilter.current(),
                Map.copyOf(text));
    }

    /** An action about no customer (configuration). */
    public UUID record(String action, String subjectType, Object subjectId, Map<String, ?> details) {
        return record(action, subjectType, subjectId, null, details);
    }

    private Actor actor() {
        return CrmActor.currentIfAny()
                .map(actor ->
                        new Actor(actor.id(), actor.kind().name(), actor.role().name()))
                .orElseGet(() -> new Actor(service, SYSTEM, SYSTEM));
    }

    private record Actor(String id, String kind, String role) {}
}
