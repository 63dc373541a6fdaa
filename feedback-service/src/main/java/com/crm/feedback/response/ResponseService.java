package com.crm.feedback.response;

import com.crm.support.problem.ErrorCode;
import com.crm.contracts.events.feedback.ResponseReceived;
import com.crm.feedback.invitation.InvitationService;
import com.crm.feedback.invitation.InvitationTokens;
import com.crm.feedback.survey.Questionnaire;
import com.crm.feedback.survey.SurveyService;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Survey responses: with an invitation token (once, before expiry) or recorded by an agent; each publishes an event. */
@Service
public class ResponseService {

    public record ResponseView(UUID id, UUID surveyId, int surveyVersion, UUID invitationId, UUID customerId,
                               String channel, JsonNode answers, Integer score, String npsCategory,
                               String recordedBy, Instant submittedAt) {
    }

    private final JdbcClient jdbc;
    private final SurveyService surveys;
    private final EventOutbox outbox;
    private final JsonMapper json;
    private final Clock clock;

    ResponseService(JdbcClient jdbc, SurveyService surveys, EventOutbox outbox, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.surveys = surveys;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    private record Invitation(UUID id, UUID surveyId, int version, UUID customerId, String channel, String status,
                              Instant expiresAt, Instant answeredAt) {
    }

    /** The public path: the token is the credential. 404 unknown, 409 already answered, 410 expired or withdrawn. */
    @Transactional
    public ResponseView answer(String token, JsonNode answers) {
        if (token == null || token.isBlank() || token.length() > 100) {
            throw ApiException.invalid("token", ErrorCode.REQUIRED, "the token from the invitation link");
        }
        Invitation inv = jdbc.sql("select * from invitation where token_hash = :h for update")
                .param("h", InvitationTokens.hash(token))
                .query((rs, n) -> new Invitation(rs.getObject("id", UUID.class), rs.getObject("survey_id", UUID.class),
                        rs.getInt("survey_version"), rs.getObject("customer_id", UUID.class), rs.getString("channel"),
                        rs.getString("status"), rs.getTimestamp("expires_at").toInstant(),
                        rs.getTimestamp("answered_at") == null ? null : rs.getTimestamp("answered_at").toInstant()))
                .optional().orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
                        "Unknown invitation", "No invitation has this token", List.of()));
        if (inv.answeredAt() != null) {
            throw new ApiException(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Already answered",
                    "This invitation was answered at " + inv.answeredAt() + "; a survey is answered once", List.of());
        }
        Instant now = now();
        if (!inv.expiresAt().isAfter(now)) {
            throw new ApiException(HttpStatus.GONE, ProblemTypes.GONE, "Invitation expired",
                    "This invitation expired at " + inv.expiresAt(), List.of());
        }
        if ("SUPPRESSED".equals(inv.status()) || "EXPIRED".equals(inv.status())) {
            throw new ApiException(HttpStatus.GONE, ProblemTypes.GONE, "Invitation withdrawn",
                    "This invitation was withdrawn", List.of());
        }
        String status = jdbc.sql("select status from survey where id = :id").param("id", inv.surveyId())
                .query(String.class).single();
        if ("CLOSED".equals(status)) {
            throw new ApiException(HttpStatus.GONE, ProblemTypes.GONE, "Survey closed",
                    "This survey no longer takes answers", List.of());
        }
        ResponseView saved = save(inv.surveyId(), inv.version(), inv.id(), inv.customerId(), inv.channel(), answers,
                null, now);
        jdbc.sql("""
                update invitation set status = 'ANSWERED', answered_at = :now, pending_token = null,
                    next_attempt_at = null where id = :id""")
                .param("now", Timestamp.from(now)).param("id", inv.id()).update();
        return saved;
    }

    /** An agent records what a customer said (phone, visit), against the survey's current version. */
    @Transactional
    public ResponseView record(UUID surveyId, UUID customerId, String channel, JsonNode answers, String agent) {
        List<FieldViolation> errors = new java.util.ArrayList<>();
        if (customerId == null) {
            errors.add(new FieldViolation("customerId", ErrorCode.REQUIRED, "must not be null"));
        }
        if (channel != null && !InvitationService.CHANNELS.contains(channel)) {
            errors.add(new FieldViolation("channel", ErrorCode.INVALID_VALUE, "one of " + InvitationService.CHANNELS));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        SurveyService.SurveyView survey = surveys.get(surveyId);
        if (survey.status() != SurveyService.Status.ACTIVE) {
            throw ApiException.conflict("Survey " + surveyId + " is " + survey.status()
                    + "; only an active survey takes answers");
        }
        return save(surveyId, survey.version(), null, customerId, channel, answers, agent, now());
    }

    private ResponseView save(UUID surveyId, int version, UUID invitationId, UUID customerId, String channel,
                              JsonNode answers, String recordedBy, Instant now) {
        Questionnaire questionnaire = surveys.questionnaire(surveyId, version);
        List<FieldViolation> errors = questionnaire.answerErrors(answers);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Integer score = questionnaire.score(answers);
        String category = questionnaire.npsCategory(score);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into survey_response (id, survey_id, survey_version, invitation_id, customer_id, channel,
                    answers, score, nps_category, recorded_by, submitted_at)
                values (:id, :survey, :version, :invitation, :customer, :channel, cast(:answers as jsonb), :score,
                    :category, :by, :now)""")
                .param("id", id).param("survey", surveyId).param("version", version).param("invitation", invitationId)
                .param("customer", customerId).param("channel", channel)
                .param("answers", json.writeValueAsString(answers)).param("score", score).param("category", category)
                .param("by", recordedBy).param("now", Timestamp.from(now)).update();
        outbox.append(new ResponseReceived(customerId, id, surveyId, version, questionnaire.kind().name(),
                invitationId, channel, score, category, now, recordedBy));
        return new ResponseView(id, surveyId, version, invitationId, customerId, channel, answers, score, category,
                recordedBy, now);
    }

    /** A stored response, by id. */
    public java.util.Optional<ResponseView> find(UUID id) {
        return jdbc.sql("select * from survey_response where id = :id").param("id", id)
                .query((rs, n) -> new ResponseView(id, rs.getObject("survey_id", UUID.class),
                        rs.getInt("survey_version"), rs.getObject("invitation_id", UUID.class),
                        rs.getObject("customer_id", UUID.class), rs.getString("channel"),
                        json.readTree(rs.getString("answers")), (Integer) rs.getObject("score"),
                        rs.getString("nps_category"), rs.getString("recorded_by"),
                        rs.getTimestamp("submitted_at").toInstant()))
                .optional();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
