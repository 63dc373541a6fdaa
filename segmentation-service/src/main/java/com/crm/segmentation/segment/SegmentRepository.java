package com.crm.segmentation.segment;

import com.crm.support.access.SqlCondition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Segment definitions ({@code segment}) and every version of them ({@code segment_version}); memberships are
 * {@link SegmentMemberRepository}'s.
 */
@Repository
class SegmentRepository {

    /** A stored definition, as membership upkeep needs it. */
    record Definition(UUID id, String name, SegmentKind kind, JsonNode condition, int version, boolean archived) {}

    /** A new or changed definition. */
    record Change(String name, String description, JsonNode condition, boolean timeWindow, String actor) {}

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DEFINITION = """
            select id, name, kind, condition::text as condition, version, archived_at is not null as archived
            from segment""";

    private final JdbcClient jdbc;

    SegmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when an active segment has the name */
    void insert(UUID id, SegmentKind kind, Change c) {
        jdbc.sql("""
                insert into segment (id, name, description, kind, condition, time_window, version, created_at,
                                     created_by, updated_at, updated_by)
                values (:id, :name, :description, :kind, cast(:condition as jsonb), :timeWindow, 1, now(), :actor,
                        now(), :actor)""")
                .param("id", id)
                .param("kind", kind.name())
                .params(changeParams(c))
                .update();
        insertVersion(id, 1, c);
    }

    /** Replaces the definition, one version up. @throws org.springframework.dao.DuplicateKeyException name taken */
    int update(UUID id, Change c) {
        int version = jdbc.sql("""
                update segment set name = :name, description = :description, condition = cast(:condition as jsonb),
                                   time_window = :timeWindow, version = version + 1, updated_at = now(),
                                   updated_by = :actor
                where id = :id returning version""")
                .param("id", id)
                .params(changeParams(c))
                .query(Integer.class)
                .single();
        insertVersion(id, version, c);
        return version;
    }

    private void insertVersion(UUID id, int version, Change c) {
        jdbc.sql("""
                insert into segment_version (segment_id, version, name, description, condition, defined_at, defined_by)
                values (:id, :version, :name, :description, cast(:condition as jsonb), now(), :actor)""")
                .param("id", id)
                .param("version", version)
                .params(changeParams(c))
                .update();
    }

    private static Map<String, Object> changeParams(Change c) {
        Map<String, Object> params = new HashMap<>();
        params.put("name", c.name());
        params.put("description", c.description());
        params.put("condition", c.condition() == null ? null : JSON.writeValueAsString(c.condition()));
        params.put("timeWindow", c.timeWindow());
        params.put("actor", c.actor());
        return params;
    }

    /** @return whether it was active (archived now) */
    boolean archive(UUID id, String actor) {
        return jdbc.sql("""
                update segment set archived_at = now(), archived_by = :actor where id = :id and archived_at is null""").param("id", id).param("actor", actor).update() == 1;
    }

    /** The segment with its member count within {@code visible} (over {@code m.customer_id}). */
    Optional<SegmentService.Segment> find(UUID id, SqlCondition visible) {
        return jdbc.sql(withCount(visible) + " where s.id = :id")
                .param("id", id)
                .params(visible.params())
                .query(SegmentRepository::map)
                .optional();
    }

    boolean exists(UUID id) {
        return jdbc.sql("select exists (select 1 from segment where id = :id)")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    /**
     * The active segments (or the archived ones) with their member counts within {@code visible} (over
     * {@code m.customer_id}).
     */
    List<SegmentService.Segment> list(SqlCondition visible, boolean archived) {
        return jdbc.sql(withCount(visible)
                        + " where (s.archived_at is not null) = :archived order by s.created_at, s.id")
                .param("archived", archived)
                .params(visible.params())
                .query(SegmentRepository::map)
                .list();
    }

    // a count of members the caller cannot see would tell them those customers exist
    private static String withCount(SqlCondition visible) {
        return "select s.*, (select count(*) from segment_member m where m.segment_id = s.id and " + visible.clause()
                + ") as members from segment s";
    }

    /** Every version, newest first, below {@code before} when given; fetches {@code limit} rows. */
    List<SegmentService.Version> versions(UUID id, Integer before, int limit) {
        return jdbc.sql("""
                select version, name, description, condition::text as condition, defined_at, defined_by
                from segment_version where segment_id = :id
                  and (cast(:before as int) is null or version < :before)
                order by version desc limit :limit""")
                .param("id", id)
                .param("before", before)
                .param("limit", limit)
                .query((rs, n) -> new SegmentService.Version(
                        rs.getInt("version"),
                        rs.getString("name"),
                        rs.getString("description"),
                        json(rs.getString("condition")),
                        rs.getTimestamp("defined_at").toInstant(),
                        rs.getString("defined_by")))
                .list();
    }

    /** The active dynamic segments, every one ({@code timeWindowOnly} false) or those counting days. */
    List<UUID> dynamicIds(boolean timeWindowOnly) {
        return jdbc.sql("""
                select id from segment where kind = 'DYNAMIC' and archived_at is null
                  and (time_window or not :timeWindowOnly) order by created_at""")
                .param("timeWindowOnly", timeWindowOnly)
                .query(UUID.class)
                .list();
    }

    /** The active dynamic segments' definitions. */
    List<Definition> dynamicDefinitions() {
        return jdbc.sql(DEFINITION + " where kind = 'DYNAMIC' and archived_at is null")
                .query(SegmentRepository::definition)
                .list();
    }

    Optional<Definition> definition(UUID id) {
        return jdbc.sql(DEFINITION + " where id = :id")
                .param("id", id)
                .query(SegmentRepository::definition)
                .optional();
    }

    /** The definition, its row locked until the end of the transaction (changes of one segment go one by one). */
    Optional<Definition> lock(UUID id) {
        return jdbc.sql(DEFINITION + " where id = :id for update")
                .param("id", id)
                .query(SegmentRepository::definition)
                .optional();
    }

    void markRefreshed(UUID segmentId) {
        jdbc.sql("update segment set refreshed_at = now() where id = :sid")
                .param("sid", segmentId)
                .update();
    }

    private static JsonNode json(String text) {
        return text == null ? null : JSON.readTree(text);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Definition definition(ResultSet rs, int n) throws SQLException {
        return new Definition(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                SegmentKind.valueOf(rs.getString("kind")),
                json(rs.getString("condition")),
                rs.getInt("version"),
                rs.getBoolean("archived"));
    }

    private static SegmentService.Segment map(ResultSet rs, int n) throws SQLException {
        return new SegmentService.Segment(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("description"),
                SegmentKind.valueOf(rs.getString("kind")),
                json(rs.getString("condition")),
                rs.getInt("version"),
                instant(rs, "created_at"),
                rs.getString("created_by"),
                instant(rs, "updated_at"),
                rs.getString("updated_by"),
                instant(rs, "refreshed_at"),
                rs.getTimestamp("archived_at") != null,
                instant(rs, "archived_at"),
                rs.getLong("members"));
    }
}
