package com.crm.feedback.survey;

import com.crm.feedback.survey.SurveyService.Status;
import com.crm.feedback.survey.SurveyService.SurveyView;
import com.crm.support.json.StoredJson;
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
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Surveys and their versions' questions (JSON). */
@Repository
class SurveyRepository {

    private static final TypeReference<List<Question>> QUESTIONS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SurveyRepository(JdbcClient jdbc, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.json = storedJson.mapper();
    }

    void insert(UUID id, String name, SurveyKind kind, Instant now) {
        jdbc.sql("""
                insert into survey (id, name, kind, status, current_version, created_at, updated_at)
                values (:id, :name, :kind, 'DRAFT', 1, :now, :now)""")
                .param("id", id)
                .param("name", name)
                .param("kind", kind.name())
                .param("now", Timestamp.from(now))
                .update();
    }

    void insertVersion(UUID id, int version, List<Question> questions, Instant now) {
        jdbc.sql("""
                insert into survey_version (survey_id, version, questions, created_at)
                values (:id, :v, cast(:q as jsonb), :now)""")
                .param("id", id)
                .param("v", version)
                .param("q", json.writeValueAsString(questions))
                .param("now", Timestamp.from(now))
                .update();
    }

    void replaceQuestions(UUID id, int version, List<Question> questions) {
        jdbc.sql("update survey_version set questions = cast(:q as jsonb) where survey_id = :id and version = :v")
                .param("q", json.writeValueAsString(questions))
                .param("id", id)
                .param("v", version)
                .update();
    }

    void update(UUID id, String name, int version, Instant now) {
        jdbc.sql("update survey set name = :name, current_version = :v, updated_at = :now where id = :id")
                .param("name", name)
                .param("v", version)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    void updateStatus(UUID id, Status status, Instant now) {
        jdbc.sql("update survey set status = :s, updated_at = :now where id = :id")
                .param("s", status.name())
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    /** The survey with the questions of its current version. */
    Optional<SurveyView> find(UUID id) {
        return jdbc.sql("""
                select s.*, v.questions from survey s
                join survey_version v on v.survey_id = s.id and v.version = s.current_version where s.id = :id""").param("id", id).query(this::map).optional();
    }

    /** Newest first, after the previous page's last survey when {@code after} is given. */
    List<SurveyView> list(KeysetCursor after, int limit) {
        return jdbc.sql("""
                select s.*, v.questions from survey s
                join survey_version v on v.survey_id = s.id and v.version = s.current_version
                where cast(:beforeAt as timestamptz) is null
                   or (s.created_at, s.id) < (cast(:beforeAt as timestamptz), cast(:beforeId as uuid))
                order by s.created_at desc, s.id desc limit :limit""")
                .param("beforeAt", after == null ? null : Timestamp.from(after.at()))
                .param("beforeId", after == null ? null : after.id())
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    private SurveyView map(ResultSet rs, int n) throws SQLException {
        return new SurveyView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                SurveyKind.valueOf(rs.getString("kind")),
                Status.valueOf(rs.getString("status")),
                rs.getInt("current_version"),
                json.readValue(rs.getString("questions"), QUESTIONS),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    /** Locks the survey row; false when there is none. */
    boolean lock(UUID id) {
        return jdbc.sql("select id from survey where id = :id for update")
                .param("id", id)
                .query(UUID.class)
                .optional()
                .isPresent();
    }

    Optional<SurveyKind> kind(UUID id) {
        return jdbc.sql("select kind from survey where id = :id")
                .param("id", id)
                .query(String.class)
                .optional()
                .map(SurveyKind::valueOf);
    }

    Optional<List<Question>> questions(UUID id, int version) {
        return jdbc.sql("select questions from survey_version where survey_id = :id and version = :v")
                .param("id", id)
                .param("v", version)
                .query(String.class)
                .optional()
                .map(q -> json.readValue(q, QUESTIONS));
    }
}
