package com.crm.customer.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One audited action.
 *
 * @param id          the entry's id (the id of the crm.audit.recorded event)
 * @param occurredAt  when the action was done
 * @param source      the service that recorded it
 * @param actorId     the person's id ({@code sub}) or the client's id; the service's name for its own jobs
 * @param actorKind   USER, CLIENT or SYSTEM
 * @param actorRole   AGENT, MANAGER, ADMIN, CLIENT or SYSTEM
 * @param action      e.g. {@code customer.erased}
 * @param subjectType e.g. {@code customer}, {@code contact-policy}
 * @param subjectId   the subject's id
 * @param customerId  the customer concerned, if any
 * @param requestId   the API request ({@code X-Request-Id}) that did it
 * @param details     ids and codes (no personal data)
 */
public record AuditEntry(
        UUID id,
        Instant occurredAt,
        String source,
        String actorId,
        String actorKind,
        String actorRole,
        String action,
        String subjectType,
        String subjectId,
        UUID customerId,
        String requestId,
        Map<String, String> details) {}
