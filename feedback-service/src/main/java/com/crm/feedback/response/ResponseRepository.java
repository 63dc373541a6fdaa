package com.crm.feedback.response;

import com.crm.feedback.response.ResponseService.ResponseView;
import com.crm.support.json.StoredJson;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Survey responses, and the invitation (and its survey's status) a token answers. */
@Repository
class ResponseRepository {

    /** The invitation a token stands for, as an answer needs it. */
    record Invitation(
            UUID id,
            UUID surveyId,
            int version,
            UUID customerId,
            String channel,
            String status,
            Instant expiresAt,
            Instant answeredAt) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ResponseRepository(JdbcClient jdbc, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.json = storedJson.mapper();
    }

    /** The invitation, locked so that two concurrent answers to it are taken one after the other. */
    Optional<Invitation> lockInvitation(String tokenHash) {
        return jdbc.sql("select * from invitation where token_hash = :h for update")
                .param("h", tokenHash)
                .query((rs, n) -> new Invitation(
                        rs.getObject("id", UUID.class),
                        rs.getObject("survey_id", UUID.class),
                        rs.getInt("survey_version"),
                        rs.getObject("customer_id", UUID.class),
                        rs.getString("channel"),
                        rs.getString("status"),
                        rs.getTimestamp("expires_at").toInstant(),
                        rs.getTimestamp("answered_at") == null
                                ? null
                                : rs.getTimestamp("answered_at").toInstant()))
                .optional();
    }

    String surveyStatus(UUID surveyId) {
        return jdbc.sql("select status from survey where id = :id")
                .param("id", surveyId)
                .query(String.class)
                .single();
    }

    void markAnswered(UUID invitationId, Instant now) {
        jdbc.sql("""
                update invitation set status = 'ANSWERED', answered_at = :now, pending_token = null,
                    next_attempt_at = null where id = :id""")
                .param("now", Timestamp.from(now))
                .param("id", invitationId)
                .update();
    }

    void insert(ResponseView r) {
        jdbc.sql("""
                insert into survey_response (id, survey_id, survey_version, invitation_id, customer_id, channel,
                    answers, score, nps_category, recorded_by, submitted_at)
                values (:id, :survey, :version, :invitation, :customer, :channel, cast(:answers as jsonb), :score,
                    :category, :by, :now)""")
                .param("id", r.id())
                .param("survey", r.surveyId())
                .param("version", r.surveyVersion())
                .param("invitation", r.invitationId())
                .param("customer", r.customerId())
                .param("channel", r.channel())
                .param("answers", json.writeValueAsString(r.answers()))
                .param("score", r.score())
                .param("category", r.npsCategory())
                .param("by", r.recordedBy())
                .param("now", Timestamp.from(r.submittedAt()))
                .update();
    }

    Optional<ResponseView> find(UUID id) {
        return jdbc.sql("select * from survey_response where id = :id")
                .param("id", id)
                .query((rs, n) -> new ResponseView(
                        id,
                        rs.getObject("survey_id", UUID.class),
                        rs.getInt("survey_version"),
                        rs.getObject("invitation_id", UUID.class),
                        rs.getObject("customer_id", UUID.class),
                        rs.getString("channel"),
                        json.readTree(rs.getString("answers")),
                        (Integer) rs.getObject("score"),
                        rs.getString("nps_category"),
                        rs.getString("recorded_by"),
                        rs.getTimestamp("submitted_at").toInstant()))
                .optional();
    }
}
