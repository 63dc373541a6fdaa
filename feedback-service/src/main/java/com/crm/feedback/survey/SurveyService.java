package com.crm.feedback.survey;

import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Survey definitions: versioned questions, lifecycle DRAFT → ACTIVE → CLOSED. */
@Service
public class SurveyService {

    public enum Status { DRAFT, ACTIVE, CLOSED }

    public record SurveyInput(String name, SurveyKind kind, List<Question> questions) {
    }

    public record SurveyView(UUID id, String name, SurveyKind kind, Status status, int version,
                             List<Question> questions, Instant createdAt, Instant updatedAt) {
    }

    private static final TypeReference<List<Question>> QUESTIONS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    SurveyService(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public SurveyView create(SurveyInput input) {
        Questionnaire questionnaire = validated(input, null);
        UUID id = UUID.randomUUID();
        Instant now = now();
        jdbc.sql("""
                insert into survey (id, name, kind, status, current_version, created_at, updated_at)
                values (:id, :name, :kind, 'DRAFT', 1, :now, :now)""")
                .param("id", id).param("name", input.name().strip()).param("kind", questionnaire.kind().name())
                .param("now", java.sql.Timestamp.from(now)).update();
        insertVersion(id, 1, questionnaire.questions(), now);
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
            jdbc.sql("update survey_version set questions = cast(:q as jsonb) where survey_id = :id and version = :v")
                    .param("q", json.writeValueAsString(questionnaire.questions())).param("id", id)
                    .param("v", version).update();
        } else {
            version++;
            insertVersion(id, version, questionnaire.questions(), now);
        }
        jdbc.sql("update survey set name = :name, current_version = :v, updated_at = :now where id = :id")
                .param("name", input.name().strip()).param("v", version).param("now", java.sql.Timestamp.from(now))
                .param("id", id).update();
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
        jdbc.sql("update survey set status = :s, updated_at = :now where id = :id").param("s", to.name())
                .param("now", java.sql.Timestamp.from(now())).param("id", id).update();
        return get(id);
    }

    public SurveyView get(UUID id) {
        return jdbc.sql("""
                select s.*, v.questions from survey s
                join survey_version v on v.survey_id = s.id and v.version = s.current_version where s.id = :id""")
                .param("id", id)
                .query((rs, n) -> new SurveyView(rs.getObject("id", UUID.class), rs.getString("name"),
                        SurveyKind.valueOf(rs.getString("kind")), Status.valueOf(rs.getString("status")),
                        rs.getInt("current_version"), json.readValue(rs.getString("questions"), QUESTIONS),
                        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant()))
                .optional().orElseThrow(() -> ApiException.notFound("Survey", id));
    }

    public List<SurveyView> list() {
        return jdbc.sql("select id from survey order by created_at desc, id desc limit 500").query(UUID.class).list()
                .stream().map(this::get).toList();
    }

    /** The questions of one version (what an answer to it must follow). */
    public Questionnaire questionnaire(UUID surveyId, int version) {
        SurveyKind kind = jdbc.sql("select kind from survey where id = :id").param("id", surveyId)
                .query(String.class).optional().map(SurveyKind::valueOf)
                .orElseThrow(() -> ApiException.notFound("Survey", surveyId));
        String questions = jdbc.sql("select questions from survey_version where survey_id = :id and version = :v")
                .param("id", surveyId).param("v", version).query(String.class).optional()
                .orElseThrow(() -> ApiException.notFound("Survey version", surveyId + "/" + version));
        return new Questionnaire(kind, json.readValue(questions, QUESTIONS));
    }

    private SurveyView lock(UUID id) {
        jdbc.sql("select id from survey where id = :id for update").param("id", id).query(UUID.class).optional()
                .orElseThrow(() -> ApiException.notFound("Survey", id));
        return get(id);
    }

    private void insertVersion(UUID id, int version, List<Question> questions, Instant now) {
        jdbc.sql("""
                insert into survey_version (survey_id, version, questions, created_at)
                values (:id, :v, cast(:q as jsonb), :now)""")
                .param("id", id).param("v", version).param("q", json.writeValueAsString(questions))
                .param("now", java.sql.Timestamp.from(now)).update();
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
