package com.crm.contracts.events.audit;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A sensitive action was done (an export, a consent change, a merge, an erasure, a contact-policy override, a
 * webhook target change, a configuration change). customer-service keeps these in its append-only audit log.
 *
 * @param customerId  the customer the action was about, or null (configuration)
 * @param actorId     the token's person ({@code sub}) or client id
 * @param actorKind   {@code USER} or {@code CLIENT}
 * @param actorRole   {@code AGENT}, {@code MANAGER}, {@code ADMIN} or {@code CLIENT}
 * @param action      what was done, e.g. {@code customer.erased}, {@code contact-policy.overridden}
 * @param subjectType what it was done to, e.g. {@code customer}, {@code contact-policy}, {@code survey}
 * @param subjectId   that thing's id
 * @param occurredAt  when
 * @param requestId   the API request that did it ({@code X-Request-Id}), if any
 * @param details     a few ids and codes (never personal data)
 */
@EventType(value = "crm.audit.recorded", topic = Topics.AUDIT)
public record AuditRecorded(
        UUID customerId,
        String actorId,
        String actorKind,
        String actorRole,
        String action,
        String subjectType,
        String subjectId,
        Instant occurredAt,
        String requestId,
        Map<String, String> details)
        implements CrmEvent {}
