package com.crm.feedback.invitation;

import com.crm.feedback.Channel;
import com.crm.feedback.FeedbackProperties;
import com.crm.feedback.OneOf;
import com.crm.feedback.customer.CustomerAccess;
import com.crm.feedback.invitation.InvitationRepository.Claimed;
import com.crm.feedback.invitation.InvitationRepository.SurveyState;
import com.crm.support.json.JsonBinder;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Invitations to answer a survey: created by hand or by rules after interactions, then handed to delivery once
 * interaction-service's contact check allows it. A refusal with a time defers the invitation to that time; one
 * without (e.g. no consent) suppresses it; an unreachable interaction-service defers it by
 * {@code crm.feedback.defer-delay}. Nothing is lost: the dispatcher retries deferred invitations on a schedule.
 */
@Service
public class InvitationService {

    private static final Logger log = LoggerFactory.getLogger(InvitationService.class);
    private static final Duration LEASE = Duration.ofMinutes(2);

    /** An ISO-8601 duration as java.time.Duration reads it: days, hours, minutes, seconds (no years or months). */
    static final String DURATION = "^P(?=\\d|T\\d)(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$";

    /**
     * An invitation by hand: who, over which channel, and for how long its token is valid (schema name kept for
     * generated clients).
     */
    @Schema(name = "InvitationRequest")
    public record InvitationInput(
            @NotNull UUID customerId,

            @NotNull @OneOf(Channel.class) @Schema(implementation = Channel.class)
            String channel,

            @Schema(
                    type = "string",
                    format = "duration",
                    example = "P7D",
                    pattern = DURATION,
                    description = "ISO-8601 duration, positive, at most P365D; default crm.feedback.invitation-ttl")
            Duration validFor) {}

    public record InvitationView(
            UUID id,
            UUID surveyId,
            int surveyVersion,
            UUID customerId,
            String channel,
            String status,
            String statusReason,
            Instant createdAt,
            Instant expiresAt,
            Instant nextAttemptAt,
            int attempts,
            Instant sentAt,
            Instant answeredAt,
            UUID ruleId,
            UUID interactionId,
            String token) {}

    private final InvitationRepository repository;
    private final JsonBinder binder;
    private final TransactionTemplate transactions;
    private final ContactCheck contactCheck;
    private final InvitationSender sender;
    private final FeedbackProperties properties;
    private final Clock clock;
    private final CustomerAccess access;

    InvitationService(
            InvitationRepository repository,
            JsonBinder binder,
            TransactionTemplate transactions,
            ContactCheck contactCheck,
            InvitationSender sender,
            FeedbackProperties properties,
            Clock clock,
            CustomerAccess access) {
        this.access = access;
        this.repository = repository;
        this.binder = binder;
        this.transactions = transactions;
        this.contactCheck = contactCheck;
        this.sender = sender;
        this.properties = properties;
        this.clock = clock;
    }

    /** By hand: the answer token is in the answer (once), for an agent to hand over; delivery follows the check. */
    public InvitationView create(UUID surveyId, InvitationInput in) {
        List<FieldViolation> errors = new ArrayList<>(binder.violations(in));
        Duration validFor = in.validFor();
        if (validFor != null && (validFor.isNegative() || validFor.isZero() || validFor.toDays() > 365)) {
            // Hibernate's @DurationMin/@DurationMax would be answered as invalid-value: the platform maps only the
            // standard range constraints onto out-of-range
            errors.add(new FieldViolation("validFor", ErrorCode.OUT_OF_RANGE, "positive, at most P365D"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        // inviting a customer outside the caller's visibility would contact someone else's customer
        access.refuseHidden(in.customerId());
        return transactions.execute(s -> {
            int version = activeVersion(surveyId);
            return insert(surveyId, version, in.customerId(), in.channel(), validFor, null, null);
        });
    }

    /** By a rule after an interaction; once per rule and interaction (a re-delivered event changes nothing). */
    void createFromRule(UUID ruleId, UUID surveyId, UUID customerId, String channel, UUID interactionId) {
        Integer version = repository.activeVersion(surveyId).orElse(null);
        if (version == null) {
            return;
        }
        boolean exists = repository.existsForRule(ruleId, interactionId);
        if (!exists) {
            insert(surveyId, version, customerId, channel, null, ruleId, interactionId);
        }
    }

    private int activeVersion(UUID surveyId) {
        SurveyState s = repository.survey(surveyId).orElseThrow(() -> ApiException.notFound("Survey", surveyId));
        if (!"ACTIVE".equals(s.status())) {
            throw ApiException.conflict("Survey " + surveyId + " is " + s.status() + "; only an active survey invites");
        }
        return s.version();
    }

    private InvitationView insert(
            UUID surveyId,
            int version,
            UUID customerId,
            String channel,
            Duration validFor,
            UUID ruleId,
            UUID interactionId) {
        UUID id = UUID.randomUUID();
        String token = InvitationTokens.mint();
        Instant now = now();
        Instant expires = validFor != null
                ? now.plus(validFor)
                : now.atOffset(ZoneOffset.UTC).plus(properties.invitationTtl()).toInstant();
        repository.insert(
                id,
                surveyId,
                version,
                customerId,
                channel,
                InvitationTokens.hash(token),
                token,
                ruleId,
                interactionId,
                now,
                expires);
        InvitationView view = get(id);
        return new InvitationView(
                view.id(),
                view.surveyId(),
                view.surveyVersion(),
                view.customerId(),
                view.channel(),
                view.status(),
                view.statusReason(),
                view.createdAt(),
                view.expiresAt(),
                view.nextAttemptAt(),
                view.attempts(),
                view.sentAt(),
                view.answeredAt(),
                view.ruleId(),
                view.interactionId(),
                token);
    }

    public InvitationView get(UUID id) {
        // a customer outside the caller's visibility: as if there were no such invitation
        return repository
                .find(id)
                .filter(i -> access.visible(i.customerId()))
                .orElseThrow(() -> ApiException.notFound("Invitation", id));
    }

    /** The customer's invitations (never their token), newest first, after {@code after} when given. */
    public List<InvitationView> byCustomer(UUID customerId, KeysetCursor after, int limit) {
        if (!access.visible(customerId)) {
            return List.of(); // a filter of the list: as for a customer without invitations
        }
        return repository.ofCustomer(customerId, after, limit);
    }

    /** Hands due invitations to delivery when the contact check allows; defers or suppresses them otherwise. */
    @Scheduled(fixedDelayString = "${crm.feedback.dispatch-interval:PT30S}", initialDelayString = "PT1S")
    public int dispatchDue() {
        int handled = 0;
        for (Claimed c : claim(50)) {
            handled++;
            if (!c.expiresAt().isAfter(now())) {
                finish(c.id(), "EXPIRED", "expired before it could be sent", null);
                continue;
            }
            ContactCheck.Decision decision = contactCheck.check(c.customerId(), c.channel());
            if (!decision.available()) {
                finish(
                        c.id(),
                        "DEFERRED",
                        "interaction-service unavailable: " + String.join("; ", decision.reasons()),
                        now().plus(properties.deferDelay()));
            } else if (decision.allowed()) {
                transactions.executeWithoutResult(s -> {
                    String token = repository.lockPendingToken(c.id()).orElse(null);
                    if (repository.markSent(c.id(), now())) {
                        sender.send(get(c.id()), token);
                    }
                });
            } else if (decision.earliestAllowedAt() != null) {
                finish(c.id(), "DEFERRED", String.join("; ", decision.reasons()), decision.earliestAllowedAt());
            } else {
                finish(c.id(), "SUPPRESSED", String.join("; ", decision.reasons()), null);
            }
        }
        return handled;
    }

    /** Leases due invitations (skipping rows another replica holds), so each is checked by one dispatcher at a time. */
    private List<Claimed> claim(int limit) {
        return transactions.execute(s -> repository.claim(limit, now(), now().plus(LEASE)));
    }

    private void finish(UUID id, String status, String reason, Instant next) {
        log.info("Invitation {} {}: {}", id, status, reason);
        transactions.executeWithoutResult(
                s -> repository.finish(id, status, reason.length() > 500 ? reason.substring(0, 500) : reason, next));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
