package com.crm.feedback.invitation;

import com.crm.feedback.invitation.InvitationService.InvitationView;
import com.crm.support.paging.KeysetCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Invitations, and what they need to know of the survey they invite to. */
@Repository
class InvitationRepository {

    /** The survey an invitation is created for: its status and current version. */
    record SurveyState(String status, int version) {}

    /** An invitation leased for one dispatch. */
    record Claimed(UUID id, UUID customerId, String channel, Instant expiresAt) {}

    private final JdbcClient jdbc;

    InvitationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<SurveyState> survey(UUID surveyId) {
        return jdbc.sql("select status, current_version from survey where id = :id")
                .param("id", surveyId)
                .query((rs, n) -> new SurveyState(rs.getString(1), rs.getInt(2)))
                .optional();
    }

    Optional<Integer> activeVersion(UUID surveyId) {
        return jdbc.sql("select current_version from survey where id = :id and status = 'ACTIVE'")
                .param("id", surveyId)
                .query(Integer.class)
                .optional();
    }

    boolean existsForRule(UUID ruleId, UUID interactionId) {
        return jdbc.sql("select count(*) from invitation where rule_id = :r and interaction_id = :i")
                        .param("r", ruleId)
                        .param("i", interactionId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void insert(
            UUID id,
            UUID surveyId,
            int version,
            UUID customerId,
            String channel,
            String tokenHash,
            String token,
            UUID ruleId,
            UUID interactionId,
            Instant now,
            Instant expires) {
        jdbc.sql("""
                insert into invitation (id, survey_id, survey_version, customer_id, channel, token_hash, pending_token,
                    status, rule_id, interaction_id, created_at, expires_at, next_attempt_at)
                values (:id, :survey, :version, :customer, :channel, :hash, :token, 'PENDING', :rule, :interaction,
                    :now, :expires, :now)""")
                .param("id", id)
                .param("survey", surveyId)
                .param("version", version)
                .param("customer", customerId)
                .param("channel", channel)
                .param("hash", tokenHash)
                .param("token", token)
                .param("rule", ruleId)
                .param("interaction", interactionId)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(expires))
                .update();
    }

    Optional<InvitationView> find(UUID id) {
        return jdbc.sql("select * from invitation where id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** The customer's invitations, newest first, after the previous page's last one when {@code after} is given. */
    List<InvitationView> ofCustomer(UUID customerId, KeysetCursor after, int limit) {
        return jdbc.sql("""
                select * from invitation where customer_id = :c
                  and (cast(:beforeAt as timestamptz) is null
                       or (created_at, id) < (cast(:beforeAt as timestamptz), cast(:beforeId as uuid)))
                order by created_at desc, id desc limit :limit""")
                .param("c", customerId)
                .param("beforeAt", after == null ? null : Timestamp.from(after.at()))
                .param("beforeId", after == null ? null : after.id())
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    /** Leases due invitations (skipping rows another replica holds), so each is checked by one dispatcher at a time. */
    List<Claimed> claim(int limit, Instant now, Instant lease) {
        return jdbc.sql("""
                update invitation set next_attempt_at = :lease, attempts = attempts + 1
                where id in (select id from invitation where status in ('PENDING', 'DEFERRED')
                             and next_attempt_at <= :now order by next_attempt_at limit :limit
                             for update skip locked)
                returning id, customer_id, channel, expires_at""")
                .param("lease", Timestamp.from(lease))
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, n) -> new Claimed(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    /** The plain token still held for delivery, with the invitation row locked. */
    Optional<String> lockPendingToken(UUID id) {
        return jdbc.sql("select pending_token from invitation where id = :id for update")
                .param("id", id)
                .query(String.class)
                .optional();
    }

    /** @return whether the invitation was still waiting to be sent (and is SENT now) */
    boolean markSent(UUID id, Instant now) {
        return jdbc.sql("""
                update invitation set status = 'SENT', sent_at = :now, pending_token = null,
                    next_attempt_at = null, status_reason = null
                where id = :id and status in ('PENDING', 'DEFERRED')""").param("now", Timestamp.from(now)).param("id", id).update() == 1;
    }

    void finish(UUID id, String status, String reason, Instant next) {
        jdbc.sql("""
                update invitation set status = :status, status_reason = :reason, next_attempt_at = :next
                where id = :id and status in ('PENDING', 'DEFERRED')""")
                .param("status", status)
                .param("reason", reason)
                .param("next", next == null ? null : Timestamp.from(next))
                .param("id", id)
                .update();
    }

    private InvitationView map(ResultSet rs, int n) throws SQLException {
        return new InvitationView(
                rs.getObject("id", UUID.class),
                rs.getObject("survey_id", UUID.class),
                rs.getInt("survey_version"),
                rs.getObject("customer_id", UUID.class),
                rs.getString("channel"),
                rs.getString("status"),
                rs.getString("status_reason"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("expires_at")),
                instant(rs.getTimestamp("next_attempt_at")),
                rs.getInt("attempts"),
                instant(rs.getTimestamp("sent_at")),
                instant(rs.getTimestamp("answered_at")),
                rs.getObject("rule_id", UUID.class),
                rs.getObject("interaction_id", UUID.class),
                null);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
