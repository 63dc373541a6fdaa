package com.crm.segmentation.segment;

import com.crm.support.access.SqlCondition;
import com.crm.support.paging.KeysetCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Segment definitions ({@code segment}) and memberships ({@code segment_member}); conditions are evaluated over
 * the view {@code segment_subject}.
 */
@Repository
class SegmentRepository {

    /** A stored definition. */
    record Definition(UUID id, String name, JsonNode condition) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MEMBERS = """
            select m.customer_id, m.joined_at, v.tier, v.stage, v.clv from segment_member m
            left join customer_value v on v.customer_id = m.customer_id
            """;

    private final JdbcClient jdbc;

    SegmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** How many customers within {@code visible} (over {@code s.customer_id}) match. */
    long count(SegmentCondition.Compiled c, SqlCondition visible) {
        return jdbc.sql("select count(*) from segment_subject s where (" + c.sql() + ") and " + visible.clause())
                .params(c.params())
                .params(visible.params())
                .query(Long.class)
                .single();
    }

    /** Up to {@code limit} matching customers within {@code visible} (over {@code s.customer_id}), highest CLV first. */
    List<UUID> sample(SegmentCondition.Compiled c, int limit, SqlCondition visible) {
        return jdbc.sql("select s.customer_id from segment_subject s where (" + c.sql() + ") and " + visible.clause()
                        + " order by s.clv desc nulls last, s.customer_id limit " + limit)
                .params(c.params())
                .params(visible.params())
                .query(UUID.class)
                .list();
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the name is taken */
    void insert(UUID id, String name, String description, JsonNode condition) {
        jdbc.sql("""
                insert into segment (id, name, description, condition, created_at)
                values (:id, :name, :description, cast(:condition as jsonb), now())""")
                .param("id", id)
                .param("name", name)
                .param("description", description)
                .param("condition", JSON.writeValueAsString(condition))
                .update();
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

    /** Every segment with its member count within {@code visible} (over {@code m.customer_id}). */
    List<SegmentService.Segment> list(SqlCondition visible) {
        return jdbc.sql(withCount(visible) + " order by s.created_at, s.id")
                .params(visible.params())
                .query(SegmentRepository::map)
                .list();
    }

    // a count of members the caller cannot see would tell them those customers exist
    private static String withCount(SqlCondition visible) {
        return "select s.*, (select count(*) from segment_member m where m.segment_id = s.id and " + visible.clause()
                + ") as members from segment s";
    }

    /**
     * Members in joining order after {@code after} when given, within {@code visible} (the caller's record-level
     * access over {@code m.customer_id}); fetches {@code limit} rows.
     */
    List<SegmentService.Member> members(UUID id, KeysetCursor after, int limit, SqlCondition visible) {
        return jdbc.sql(MEMBERS + "where m.segment_id = :id and " + visible.clause() + """

                  and (cast(:afterAt as timestamptz) is null or (m.joined_at, m.customer_id) > (:afterAt, :afterId))
                order by m.joined_at, m.customer_id limit :limit""")
                .param("id", id)
                .param("afterAt", after == null ? null : Timestamp.from(after.at()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit)
                .params(visible.params())
                .query(SegmentRepository::member)
                .list();
    }

    /** Every member within {@code visible} (over {@code m.customer_id}) in joining order, streamed to {@code each}. */
    void forEachMember(UUID id, SqlCondition visible, Consumer<SegmentService.Member> each) {
        jdbc.sql(MEMBERS + "where m.segment_id = :id and " + visible.clause() + " order by m.joined_at, m.customer_id")
                .param("id", id)
                .params(visible.params())
                .query(rs -> {
                    each.accept(member(rs, 0));
                });
    }

    List<UUID> ids() {
        return jdbc.sql("select id from segment order by created_at")
                .query(UUID.class)
                .list();
    }

    List<Definition> definitions() {
        return jdbc.sql("select id, name, condition::text as condition from segment")
                .query(SegmentRepository::definition)
                .list();
    }

    Definition definition(UUID id) {
        return jdbc.sql("select id, name, condition::text as condition from segment where id = :id")
                .param("id", id)
                .query(SegmentRepository::definition)
                .single();
    }

    /** Adds every matching customer not yet a member. @return the joiners */
    List<UUID> addMatching(UUID segmentId, SegmentCondition.Compiled c) {
        return jdbc.sql("""
                insert into segment_member (segment_id, customer_id, joined_at)
                select :sid, customer_id, clock_timestamp() from segment_subject where %s
                on conflict do nothing returning customer_id""".formatted(c.sql()))
                .params(withParam(c, "sid", segmentId))
                .query(UUID.class)
                .list();
    }

    /** Removes every member that no longer matches. @return the leavers */
    List<UUID> removeNotMatching(UUID segmentId, SegmentCondition.Compiled c) {
        return jdbc.sql("""
                delete from segment_member sm where sm.segment_id = :sid and not exists (
                    select 1 from segment_subject where customer_id = sm.customer_id and %s)
                returning customer_id""".formatted(c.sql()))
                .params(withParam(c, "sid", segmentId))
                .query(UUID.class)
                .list();
    }

    void markRefreshed(UUID segmentId) {
        jdbc.sql("update segment set refreshed_at = now() where id = :sid")
                .param("sid", segmentId)
                .update();
    }

    boolean matches(UUID customerId, SegmentCondition.Compiled c) {
        return jdbc.sql("select exists (select 1 from segment_subject where customer_id = :cid and " + c.sql() + ")")
                .params(withParam(c, "cid", customerId))
                .query(Boolean.class)
                .single();
    }

    /** @return whether the customer joined (was not a member) */
    boolean join(UUID segmentId, UUID customerId) {
        return jdbc.sql("""
                insert into segment_member (segment_id, customer_id, joined_at) values (:sid, :cid, now())
                on conflict do nothing""").param("sid", segmentId).param("cid", customerId).update() == 1;
    }

    /** @return whether the customer left (was a member) */
    boolean leave(UUID segmentId, UUID customerId) {
        return jdbc.sql("delete from segment_member where segment_id = :sid and customer_id = :cid")
                        .param("sid", segmentId)
                        .param("cid", customerId)
                        .update()
                == 1;
    }

    private static Map<String, Object> withParam(SegmentCondition.Compiled c, String name, UUID value) {
        Map<String, Object> params = new HashMap<>(c.params());
        params.put(name, value);
        return params;
    }

    private static Definition definition(ResultSet rs, int n) throws SQLException {
        return new Definition(
                rs.getObject("id", UUID.class), rs.getString("name"), JSON.readTree(rs.getString("condition")));
    }

    private static SegmentService.Segment map(ResultSet rs, int n) throws SQLException {
        return new SegmentService.Segment(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("description"),
                JSON.readTree(rs.getString("condition")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("refreshed_at") == null
                        ? null
                        : rs.getTimestamp("refreshed_at").toInstant(),
                rs.getLong("members"));
    }

    private static SegmentService.Member member(ResultSet rs, int n) throws SQLException {
        return new SegmentService.Member(
                rs.getObject(1, UUID.class),
                rs.getTimestamp(2).toInstant(),
                rs.getString(3),
                rs.getString(4),
                rs.getObject(5, Double.class));
    }
}
