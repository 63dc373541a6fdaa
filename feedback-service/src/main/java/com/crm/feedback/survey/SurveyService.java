package com.crm.feedback.survey;

import com.crm.support.audit.AuditTrail;
import com.crm.support.json.JsonBinder;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Survey definitions: versioned questions, lifecycle DRAFT → ACTIVE → CLOSED. */
@Service
public class SurveyService {

    public enum Status {
        DRAFT,
        ACTIVE,
        CLOSED
    }

    /** A survey's definition; without questions an NPS, CSAT or CES survey gets its headline question. */
    public record SurveyInput(
            @NotBlank @Size(max = 200) String name,

            @NotNull @Schema(description = "Required to create; when given to an update, the survey's own kind")
            SurveyKind kind,

            List<@NotNull @Valid Question> questions) {}

    public record SurveyView(
            UUID id,
            String name,
            SurveyKind kind,
            Status status,
            int version,
            List<Question> questions,
            Instant createdAt,
            Instant updatedAt) {}

    private final SurveyRepository repository;
    private final JsonBinder binder;
    private final Clock clock;

    private final AuditTrail audit;

    private static final String SUBJECT = "survey";

    SurveyService(SurveyRepository repository, JsonBinder binder, Clock clock, AuditTrail audit) {
        this.repository = repository;
        this.binder = binder;
        this.clock = clock;
        this.audit = audit;
    }

    @Transactional
    public SurveyView create(SurveyInput input) {
        Questionnaire questionnaire = validated(input);
        UUID id = UUID.randomUUID();
        Instant now = now();
        repository.insert(id, input.name().strip(), questionnaire.kind(), now);
        repository.insertVersion(id, 1, questionnaire.questions(), now);
        audit.record(
                "survey.created",
                SUBJECT,
                id,
                Map.of("kind", questionnaire.kind().name()));
        return get(id);
    }

    /** A draft is edited in place; an active survey gets a new version (answers keep the one they answered). */
    @Transactional
    public SurveyView update(UUID id, SurveyInput input) {
        SurveyView current = lock(id);
        if (current.status() == Status.CLOSED) {
            throw ApiException.conflict("Survey " + id + " is closed; create a new survey instead");
        }
        if (input.kind() != null && input.kind() != current.kind()) {
            throw ApiException.invalid("kind", ErrorCode.NOT_ALLOWED, "the kind of a survey cannot change");
        }
        Questionnaire questionnaire = validated(new SurveyInput(input.name(), current.kind(), input.questions()));
        Instant now = now();
        int version = current.version();
        if (current.status() == Status.DRAFT) {
            repository.replaceQuestions(id, version, questionnaire.questions());
        } else {
            version++;
            repository.insertVersion(id, version, questionnaire.questions(), now);
        }
        repository.update(id, input.name().strip(), version, now);
        audit.record("survey.updated", SUBJECT, id, Map.of("version", version));
        return get(id);
    }

    @Transactional
    public SurveyView activate(UUID id) {
        return move(id, Status.DRAFT, Status.ACTIVE);
    }

    @Transactional
    public SurveyView close(UUID id) {
        return move(id, Status.ACTIVE, Status.CLOSED);
    }

    private SurveyView move(UUID id, Status from, Status to) {
        SurveyView current = lock(id);
        if (current.status() == to) {
            return current;
        }
        if (current.status() != from) {
            throw ApiException.conflict(
                    "Survey " + id + " is " + current.status() + "; only a " + from + " survey can become " + to);
        }
        repository.updateStatus(id, to, now());
        audit.record("survey." + (to == Status.ACTIVE ? "activated" : "closed"), SUBJECT, id, Map.of());
        return get(id);
    }

    public SurveyView get(UUID id) {
        return repository.find(id).orElseThrow(() -> ApiException.notFound("Survey", id));
    }

    /** Newest first, after the previous page's last survey when {@code after} is given. */
    public List<SurveyView> list(KeysetCursor after, int limit) {
        return repository.list(after, limit);
    }

    /** The questions of one version (what an answer to it must follow). */
    public Questionnaire questionnaire(UUID surveyId, int version) {
        SurveyKind kind = repository.kind(surveyId).orElseThrow(() -> ApiException.notFound("Survey", surveyId));
        List<Question> questions = repository
                .questions(surveyId, version)
                .orElseThrow(() -> ApiException.notFound("Survey version", surveyId + "/" + version));
        return new Questionnaire(kind, questions);
    }

    private SurveyView lock(UUID id) {
        if (!repository.lock(id)) {
            throw ApiException.notFound("Survey", id);
        }
        return get(id);
    }

    /** Every problem of the definition at once: the declared constraints and the rules across its questions. */
    private Questionnaire validated(SurveyInput input) {
        List<FieldViolation> errors = new ArrayList<>(binder.violations(input));
        if (input.kind() == null) {
            throw ApiException.invalid(errors);
        }
        List<Question> questions =
                input.questions() == null || input.questions().isEmpty()
                        ? Questionnaire.defaults(input.kind())
                        : input.questions();
        Questionnaire q = new Questionnaire(input.kind(), questions);
        errors.addAll(q.definitionErrors());
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return q;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
