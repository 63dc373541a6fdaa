package com.crm.interaction.timeline;

import com.crm.interaction.InteractionProperties;
import com.crm.interaction.check.ContactDecision;
import com.crm.interaction.check.ContactGuard;
import com.crm.interaction.check.ContactRefusals;
import com.crm.interaction.check.ContactRefusedException;
import com.crm.interaction.contact.Purpose;
import com.crm.interaction.customer.CustomerAccess;
import com.crm.interaction.customer.CustomerProjectionRepository;
import com.crm.support.audit.AuditTrail;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records interactions: idempotent by (source, externalId); an outbound contact is checked against the contact
 * policies under a per-customer lock, so check and record are one step; the event commits with the row.
 */
@Service
public class InteractionService {

    static final String RESOURCE = "Interaction";
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final InteractionRepository interactions;
    private final InteractionEvents events;
    private final ContactGuard guard;
    private final ContactRefusals refusals;
    private final CustomerProjectionRepository customers;
    private final InteractionProperties properties;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;
    private final AuditTrail audit;
    private final CustomerAccess access;

    InteractionService(
            InteractionRepository interactions,
            InteractionEvents events,
            ContactGuard guard,
            ContactRefusals refusals,
            CustomerProjectionRepository customers,
            InteractionProperties properties,
            ApplicationEventPublisher publisher,
            Clock clock,
            AuditTrail audit,
            CustomerAccess access) {
        this.interactions = interactions;
        this.events = events;
        this.guard = guard;
        this.refusals = refusals;
        this.customers = customers;
        this.properties = properties;
        this.publisher = publisher;
        this.clock = clock;
        this.audit = audit;
        this.access = access;
    }

    /** The interaction and whether this call created it (false: the same (source, externalId) was sent before). */
    public record Recorded(InteractionView interaction, boolean created) {}

    /** Published in the recording transaction, for features that follow the history (channel preference). */
    public record InteractionStored(UUID customerId, UUID interactionId) {}

    /**
     * A policy refusal commits (noRollbackFor): the transaction then holds nothing but the refusal's event, which
     * must outlive the rejected write; everything else that fails rolls back.
     */
    @Transactional(noRollbackFor = ContactRefusedException.class)
    public Recorded record(InteractionInput in, Caller caller) {
        Instant now = now();
        Instant at = in.occurredAt() == null ? now : in.occurredAt().truncatedTo(ChronoUnit.MICROS);
        if (at.isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw ApiException.invalid("occurredAt", ErrorCode.OUT_OF_RANGE, "must not be more than 5 minutes ahead");
        }
        if (in.override() != null && !caller.admin()) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN,
                    "Forbidden",
                    "Overriding a contact policy needs the crm.admin scope",
                    List.of(new FieldViolation("override", ErrorCode.NOT_ALLOWED, "needs the crm.admin scope")));
        }
        String agentId = caller.agentFor(in.agentId());
        if (agentId != null
                && !caller.mayActForOtherAgents()
                && !agentId.equals(caller.actor().id())) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    ProblemTypes.RULE_VIOLATION,
                    "Not your interaction",
                    "An agent records their own contacts; only a manager or an admin may name another agent",
                    List.of(new FieldViolation(
                            "agentId",
                            ErrorCode.NOT_ALLOWED,
                            "must be your own id (" + caller.actor().id() + ")")));
        }
        String source = in.sourceOrDefault();
        if (in.externalId() != null) {
            var existing = interactions.findByExternalId(source, in.externalId());
            if (existing.isPresent()) {
                return new Recorded(visibleReplay(existing.get(), in.externalId()), false);
            }
        }
        access.refuseHidden(in.customerId());
        Purpose purpose = in.purposeOrDefault();
        Interaction.Override override = null;
        if (in.direction() == Direction.OUTBOUND) {
            // history (dated before the policy horizon, e.g. an imported call log) skips the frequency limits, gaps
            // and quiet hours of its time, never the customer's consent
            boolean history = at.isBefore(now.minus(properties.policyHorizon()));
            guard.lock(in.customerId());
            ContactDecision decision = history
                    ? guard.decideConsent(in.customerId(), in.channel(), purpose)
                    : guard.decide(in.customerId(), in.channel(), purpose, at);
            if (!decision.allowed()) {
                if (in.override() == null) {
                    refusals.attempted(in.customerId(), in.channel(), purpose, decision, agentId, now);
                    throw new ContactRefusedException(decision);
                }
                override = new Interaction.Override(
                        in.override().justification(),
                        caller.name(),
                        decision.reasons().stream()
                                .map(r -> r.rule() + ": " + r.message())
                                .toList());
            }
        }
        if (override == null && in.override() != null) {
            override = new Interaction.Override(in.override().justification(), caller.name(), List.<String>of());
        }
        // a late record (e.g. an import) about an erased customer keeps no personal content either
        boolean erased = customers
                .find(in.customerId())
                .map(c -> "ERASED".equals(c.status()))
                .orElse(false);
        Interaction interaction = new Interaction(
                UUID.randomUUID(),
                in.customerId(),
                in.channel(),
                in.direction(),
                in.type(),
                purpose,
                at,
                in.durationSeconds(),
                agentId,
                erased ? null : in.subject(),
                erased ? null : in.notes(),
                in.outcome(),
                in.campaignId(),
                PurchaseIntent.signalled(in.direction(), in.type(), in.outcome()),
                source,
                in.externalId(),
                override,
                now,
                erased ? now : null,
                caller.actor() == null ? null : caller.actor().kind().name(),
                caller.actor() == null ? null : caller.actor().id());
        if (!interactions.insert(interaction)) {
            // a concurrent request with the same (source, externalId) won
            return new Recorded(
                    visibleReplay(
                            interactions
                                    .findByExternalId(source, in.externalId())
                                    .orElseThrow(() -> ApiException.conflict(
                                            "interaction " + in.externalId() + " is being recorded")),
                            in.externalId()),
                    false);
        }
        events.recorded(interaction);
        if (override != null) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("channel", interaction.channel().name());
            details.put("purpose", interaction.purpose().name());
            details.put("agentId", interaction.agentId());
            details.put(
                    "overriddenReasons",
                    String.join(
                            ",",
                            override.overriddenReasons().stream()
                                    .map(r -> r.substring(0, Math.max(0, r.indexOf(':'))))
                                    .toList()));
            audit.record(
                    "contact-policy.overridden", "interaction", interaction.id(), interaction.customerId(), details);
        }
        publisher.publishEvent(new InteractionStored(interaction.customerId(), interaction.id()));
        return new Recorded(InteractionView.of(interaction), true);
    }

    /**
     * The interaction recorded first under the same (source, externalId); one about a customer outside the caller's
     * visibility is not shown (record-level access): 409, the key is taken.
     */
    private InteractionView visibleReplay(Interaction existing, String externalId) {
        if (!access.visible(existing.customerId())) {
            throw ApiException.conflict("externalId " + externalId + " is already used for this source");
        }
        return InteractionView.of(existing);
    }

    @Transactional(readOnly = true)
    public InteractionView get(UUID id) {
        // a customer outside the caller's visibility: as if there were no such interaction
        return InteractionView.of(interactions
                .find(id)
                .filter(i -> access.visible(i.customerId()))
                .orElseThrow(() -> ApiException.notFound(RESOURCE, id)));
    }

    /** A customer's timeline; a customer outside the caller's visibility is a 404 (record-level access). */
    @Transactional(readOnly = true)
    public CursorPage<InteractionView> timeline(InteractionFilter filter, String cursor, int limit) {
        access.refuseHidden(filter.customerId());
        return list(filter, cursor, limit);
    }

    @Transactional(readOnly = true)
    public CursorPage<InteractionView> list(InteractionFilter filter, String cursor, int limit) {
        KeysetCursor after = KeysetCursor.decode(cursor);
        return CursorPage.of(
                // only customers the caller sees, filtered in SQL (pages stay full and the cursor correct)
                interactions.list(filter, after, limit + 1, access.condition("i.customer_id")),
                limit,
                i -> new KeysetCursor(i.occurredAt(), i.id()).encode(),
                InteractionView::of);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
