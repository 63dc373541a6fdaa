package com.crm.feedback.invitation;

import com.crm.feedback.FeedbackProperties;
import com.crm.support.problem.ApiException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    public static final Set<String> CHANNELS = Set.of("PHONE", "EMAIL", "SMS", "WECHAT", "INSTANT_MESSAGE", "SOCIAL",
            "VIDEO", "VISIT", "WEB_CHAT");
    private static final Logger log = LoggerFactory.getLogger(InvitationService.class);
    private static final Duration LEASE = Duration.ofMinutes(2);

    public record InvitationView(UUID id, UUID surveyId, int surveyVersion, UUID customerId, String channel,
                                 String status, String statusReason, Instant createdAt, Instant expiresAt,
                                 Instant nextAttemptAt, int attempts, Instant sentAt, Instant answeredAt,
                                 UUID ruleId, UUID interactionId, String token) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ContactCheck contactCheck;
    private final InvitationSender sender;
    private final FeedbackProperties properties;
    private final Clock clock;

    InvitationService(JdbcClient jdbc, TransactionTemplate transactions, ContactCheck contactCheck,
                      InvitationSender sender, FeedbackProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.contactCheck = contactCheck;
        this.sender = sender;
        this.properties = properties;
        this.clock = clock;
    }

    /** By hand: the answer token is in the answer (once), for an agent to hand over; delivery follows the check. */
    public InvitationView create(UUID surveyId, UUID customerId, String channel, Duration validFor) {
        List<com.crm.support.problem.FieldViolation> errors = new java.util.ArrayList<>();
        if (customerId == null) {
            errors.add(new com.crm.support.problem.FieldViolation("customerId", com.crm.support.problem.ErrorCode.REQUIRED, "must not be null"));
        }
        if (channel == null || !CHANNELS.contains(channel)) {
            errors.add(new com.crm.support.problem.FieldViolation("channel", com.crm.support.problem.ErrorCode.INVALID_VALUE, "one of " + CHANNELS));
        }
        if (validFor != null && (validFor.isNegative() || validFor.isZero() || validFor.toDays() > 365)) {
            errors.add(new com.crm.support.problem.FieldViolation("validFor", com.crm.support.problem.ErrorCode.OUT_OF_RANGE, "positive, at most P365D"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return transactions.execute(s -> {
            int version = activeVersion(surveyId);
            return insert(surveyId, version, customerId, channel, validFor, null, null);
        });
    }

    /** By a rule after an interaction; once per rule and interaction (a re-delivered event changes nothing). */
    void createFromRule(UUID ruleId, UUID surveyId, UUID customerId, String channel, UUID interactionId) {
        Integer version = jdbc.sql("select current_version from survey where id = :id and status = 'ACTIVE'")
                .param("id", surveyId).query(Integer.class).optional().orElse(null);
        if (version == null) {
            return;
        }
        boolean exists = jdbc.sql("select count(*) from invitation where rule_id = :r and interaction_id = :i")
                .param("r", ruleId).param("i", interactionId).query(Long.class).single() > 0;
        if (!exists) {
            insert(surveyId, version, customerId, channel, null, ruleId, interactionId);
        }
    }

    private int activeVersion(UUID surveyId) {
        record S(String status, int version) {
        }
        S s = jdbc.sql("select status, current_version from survey where id = :id").param("id", surveyId)
                .query((rs, n) -> new S(rs.getString(1), rs.getInt(2))).optional()
                .orElseThrow(() -> ApiException.notFound("Survey", surveyId));
        if (!"ACTIVE".equals(s.status())) {
            throw ApiException.conflict("Survey " + surveyId + " is " + s.status() + "; only an active survey invites");
        }
        return s.version();
    }

    private InvitationView insert(UUID surveyId, int version, UUID customerId, String channel, Duration validFor,
                                  UUID ruleId, UUID interactionId) {
        UUID id = UUID.randomUUID();
        String token = InvitationTokens.mint();
        Instant now = now();
        Instant expires = validFor != null ? now.plus(validFor)
                : now.atOffset(ZoneOffset.UTC).plus(properties.invitationTtl()).toInstant();
        jdbc.sql("""
                insert into invitation (id, survey_id, survey_version, customer_id, channel, token_hash, pending_token,
                    status, rule_id, interaction_id, created_at, expires_at, next_attempt_at)
                values (:id, :survey, :version, :customer, :channel, :hash, :token, 'PENDING', :rule, :interaction,
                    :now, :expires, :now)""")
                .param("id", id).param("survey", surveyId).param("version", version).param("customer", customerId)
                .param("channel", channel).param("hash", InvitationTokens.hash(token)).param("token", token)
                .param("rule", ruleId).param("interaction", interactionId).param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(expires)).update();
        InvitationView view = get(id);
        return new InvitationView(view.id(), view.surveyId(), view.surveyVersion(), view.customerId(), view.channel(),
                view.status(), view.statusReason(), view.createdAt(), view.expiresAt(), view.nextAttemptAt(),
                view.attempts(), view.sentAt(), view.answeredAt(), view.ruleId(), view.interactionId(), token);
    }

    public InvitationView get(UUID id) {
        return jdbc.sql("select * from invitation where id = :id").param("id", id)
                .query((rs, n) -> new InvitationView(rs.getObject("id", UUID.class),
                        rs.getObject("survey_id", UUID.class), rs.getInt("survey_version"),
                        rs.getObject("customer_id", UUID.class), rs.getString("channel"), rs.getString("status"),
                        rs.getString("status_reason"), instant(rs.getTimestamp("created_at")),
                        instant(rs.getTimestamp("expires_at")), instant(rs.getTimestamp("next_attempt_at")),
                        rs.getInt("attempts"), instant(rs.getTimestamp("sent_at")),
                        instant(rs.getTimestamp("answered_at")), rs.getObject("rule_id", UUID.class),
                        rs.getObject("interaction_id", UUID.class), null))
                .optional().orElseThrow(() -> ApiException.notFound("Invitation", id));
    }

    public List<InvitationView> byCustomer(UUID customerId) {
        return jdbc.sql("select id from invitation where customer_id = :c order by created_at desc, id desc limit 500")
                .param("c", customerId).query(UUID.class).list().stream().map(this::get).toList();
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
                finish(c.id(), "DEFERRED", "interaction-service unavailable: " + String.join("; ", decision.reasons()),
                        now().plus(properties.deferDelay()));
            } else if (decision.allowed()) {
                transactions.executeWithoutResult(s -> {
                    String token = jdbc.sql("select pending_token from invitation where id = :id for update")
                            .param("id", c.id()).query(String.class).optional().orElse(null);
                    int sent = jdbc.sql("""
                            update invitation set status = 'SENT', sent_at = :now, pending_token = null,
                                next_attempt_at = null, status_reason = null
                            where id = :id and status in ('PENDING', 'DEFERRED')""")
                            .param("now", Timestamp.from(now())).param("id", c.id()).update();
                    if (sent == 1) {
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

    private record Claimed(UUID id, UUID customerId, String channel, Instant expiresAt) {
    }

    /** Leases due invitations (skipping rows another replica holds), so each is checked by one dispatcher at a time. */
    private List<Claimed> claim(int limit) {
        return transactions.execute(s -> jdbc.sql("""
                update invitation set next_attempt_at = :lease, attempts = attempts + 1
                where id in (select id from invitation where status in ('PENDING', 'DEFERRED')
                             and next_attempt_at <= :now order by next_attempt_at limit :limit
                             for update skip locked)
                returning id, customer_id, channel, expires_at""")
                .param("lease", Timestamp.from(now().plus(LEASE))).param("now", Timestamp.from(now()))
                .param("limit", limit)
                .query((rs, n) -> new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getTimestamp(4).toInstant()))
                .list());
    }

    private void finish(UUID id, String status, String reason, Instant next) {
        log.info("Invitation {} {}: {}", id, status, reason);
        transactions.executeWithoutResult(s -> jdbc.sql("""
                update invitation set status = :status, status_reason = :reason, next_attempt_at = :next
                where id = :id and status in ('PENDING', 'DEFERRED')""")
                .param("status", status).param("reason", reason.length() > 500 ? reason.substring(0, 500) : reason)
                .param("next", next == null ? null : Timestamp.from(next)).param("id", id).update());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
