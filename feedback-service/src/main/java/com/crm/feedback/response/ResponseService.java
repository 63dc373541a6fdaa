package com.crm.feedback.response;

import com.crm.contracts.events.feedback.ResponseReceived;
import com.crm.feedback.Channel;
import com.crm.feedback.OneOf;
import com.crm.feedback.customer.CustomerAccess;
import com.crm.feedback.invitation.InvitationTokens;
import com.crm.feedback.response.ResponseRepository.Invitation;
import com.crm.feedback.survey.Questionnaire;
import com.crm.feedback.survey.SurveyService;
import com.crm.support.json.JsonBinder;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Survey responses: with an invitation token (once, before expiry) or recorded by an agent; each publishes an event. */
@Service
public class ResponseService {

    /** An answer over the invitation link: the token is the credential (schema name kept for generated clients). */
    @Schema(name = "PublicAnswer")
    public record TokenAnswer(
            @NotBlank @Size(max = 100) @Schema(description = "The token from the invitation link")
            String token,

            JsonNode answers) {}

    /** An agent's record of what a customer answered. */
    public record AgentAnswer(
            @NotNull UUID customerId,

            @OneOf(Channel.class) @Schema(implementation = Channel.class)
            String channel,

            JsonNode answers) {}

    public record ResponseView(
            UUID id,
            UUID surveyId,
            int surveyVersion,
            UUID invitationId,
            UUID customerId,
            String channel,
            JsonNode answers,
            Integer score,
            String npsCategory,
            String recordedBy,
            Instant submittedAt) {}

    private final ResponseRepository repository;
    private final JsonBinder binder;
    private final SurveyService surveys;
    private final EventOutbox outbox;
    private final Clock clock;
    private final CustomerAccess access;

    ResponseService(
            ResponseRepository repository,
            JsonBinder binder,
            SurveyService surveys,
            EventOutbox outbox,
            Clock clock,
            CustomerAccess access) {
        this.access = access;
        this.repository = repository;
        this.binder = binder;
        this.surveys = surveys;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The public path: the token is the credential. 404 unknown, 409 already answered, 410 expired or withdrawn. */
    @Transactional
    public ResponseView answer(TokenAnswer in) {
        List<FieldViolation> invalid = binder.violations(in);
        if (!invalid.isEmpty()) {
            throw ApiException.invalid(invalid);
        }
        Invitation inv = repository
                .lockInvitation(InvitationTokens.hash(in.token()))
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND,
                        ProblemTypes.NOT_FOUND,
                        "Unknown invitation",
                        "No invitation has this token",
                        List.of()));
        if (inv.answeredAt() != null) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    ProblemTypes.CONFLICT,
                    "Already answered",
                    "This invitation was answered at " + inv.answeredAt() + "; a survey is answered once",
                    List.of());
        }
        Instant now = now();
        if (!inv.expiresAt().isAfter(now)) {
            throw new ApiException(
                    HttpStatus.GONE,
                    ProblemTypes.GONE,
                    "Invitation expired",
                    "This invitation expired at " + inv.expiresAt(),
                    List.of());
        }
        if ("SUPPRESSED".equals(inv.status()) || "EXPIRED".equals(inv.status())) {
            throw new ApiException(
                    HttpStatus.GONE,
                    ProblemTypes.GONE,
                    "Invitation withdrawn",
                    "This invitation was withdrawn",
                    List.of());
        }
        String status = repository.surveyStatus(inv.surveyId());
        if ("CLOSED".equals(status)) {
            throw new ApiException(
                    HttpStatus.GONE,
                    ProblemTypes.GONE,
                    "Survey closed",
                    "This survey no longer takes answers",
                    List.of());
        }
        ResponseView saved =
                save(inv.surveyId(), inv.version(), inv.id(), inv.customerId(), inv.channel(), in.answers(), null, now);
        repository.markAnswered(inv.id(), now);
        return saved;
    }

    /** An agent records what a customer said (phone, visit), against the survey's current version. */
    @Transactional
    public ResponseView record(UUID surveyId, AgentAnswer in, String agent) {
        List<FieldViolation> invalid = binder.violations(in);
        if (!invalid.isEmpty()) {
            throw ApiException.invalid(invalid);
        }
        // an answer about a customer outside the agent's visibility would change that customer's record
        access.refuseHidden(in.customerId());
        SurveyService.SurveyView survey = surveys.get(surveyId);
        if (survey.status() != SurveyService.Status.ACTIVE) {
            throw ApiException.conflict(
                    "Survey " + surveyId + " is " + survey.status() + "; only an active survey takes answers");
        }
        return save(surveyId, survey.version(), null, in.customerId(), in.channel(), in.answers(), agent, now());
    }

    private ResponseView save(
            UUID surveyId,
            int version,
            UUID invitationId,
            UUID customerId,
            String channel,
            JsonNode answers,
            String recordedBy,
            Instant now) {
        Questionnaire questionnaire = surveys.questionnaire(surveyId, version);
        List<FieldViolation> errors = questionnaire.answerErrors(answers);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Integer score = questionnaire.score(answers);
        String category = questionnaire.npsCategory(score);
        UUID id = UUID.randomUUID();
        ResponseView saved = new ResponseView(
                id, surveyId, version, invitationId, customerId, channel, answers, score, category, recordedBy, now);
        repository.insert(saved);
        outbox.append(new ResponseReceived(
                customerId,
                id,
                surveyId,
                version,
                questionnaire.kind().name(),
                invitationId,
                channel,
                score,
                category,
                now,
                recordedBy));
        return saved;
    }

    /** A stored response, by id. */
    public Optional<ResponseView> find(UUID id) {
        // a customer outside the caller's visibility: as if there were no such response
        return repository.find(id).filter(r -> access.visible(r.customerId()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
