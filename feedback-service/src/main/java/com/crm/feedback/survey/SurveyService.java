package com.crm.feedback.survey;

import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Survey definitions: versioned questions, lifecycle DRAFT → ACTIVE → CLOSED. */
@Service
public class SurveyService {

    public enum Status { DRAFT, ACTIVE, CLOSED }

    public record SurveyInput(String name, SurveyKind kind, List<Question> questions) {
    }

    public record SurveyView(UUID id, String name, SurveyKind kind, Status status, int version,
                             List<Question> questions, Instant createdAt, Instant updatedAt) {
    }

    private final SurveyRepository repository;
    private final Clock clock;

    SurveyService(SurveyRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Transactional
    public SurveyView create(SurveyInput input) {
        Questionnaire questionnaire = validated(input, null);
        UUID id = UUID.randomUUID();
        Instant now = now();
        repository.insert(id, input.name().strip(), questionnaire.kind(), now);
        repository.insertVersion(id, 1, questionnaire.questions(), now);
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
        Questionnaire questionnaire = validated(new SurveyInput(input.name(), current.kind(), input.questions()),
                current.kind());
        Instant now = now();
        int version = current.version();
        if (current.status() == Status.DRAFT) {
            repository.replaceQuestions(id, version, questionnaire.questions());
        } else {
            version++;
            repository.insertVersion(id, version, questionnaire.questions(), now);
        }
        repository.update(id, input.name().strip(), version, now);
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
            throw ApiException.conflict("Survey " + id + " is " + current.status() + "; only a " + from
                    + " survey can become " + to);
        }
        repository.updateStatus(id, to, now());
        return get(id);
    }

    public SurveyView get(UUID id) {
        return repository.find(id).orElseThrow(() -> ApiException.notFound("Survey", id));
    }

    public List<SurveyView> list() {
        return repository.newestIds(500).stream().map(this::get).toList();
    }

    /** The questions of one version (what an answer to it must follow). */
    public Questionnaire questionnaire(UUID surveyId, int version) {
        SurveyKind kind = repository.kind(surveyId).orElseThrow(() -> ApiException.notFound("Survey", surveyId));
        List<Question> questions = repository.questions(surveyId, version)
                .orElseThrow(() -> ApiException.notFound("Survey version", surveyId + "/" + version));
        return new Questionnaire(kind, questions);
    }

    private SurveyView lock(UUID id) {
        if (!repository.lock(id)) {
            throw ApiException.notFound("Survey", id);
        }
        return get(id);
    }

    private Questionnaire validated(SurveyInput input, SurveyKind kind) {
        List<com.crm.support.problem.FieldViolation> errors = new java.util.ArrayList<>();
        if (input.name() == null || input.name().isBlank() || input.name().length() > 200) {
            errors.add(new com.crm.support.problem.FieldViolation("name", com.crm.support.problem.ErrorCode.TOO_LONG, "1-200 characters"));
        }
        SurveyKind k = kind != null ? kind : input.kind();
        if (k == null) {
            errors.add(new com.crm.support.problem.FieldViolation("kind", com.crm.support.problem.ErrorCode.REQUIRED, "NPS, CSAT, CES or CUSTOM"));
            throw ApiException.invalid(errors);
        }
        List<Question> questions = input.questions() == null || input.questions().isEmpty()
                ? Questionnaire.defaults(k) : input.questions();
        Questionnaire q = new Questionnaire(k, questions);
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
