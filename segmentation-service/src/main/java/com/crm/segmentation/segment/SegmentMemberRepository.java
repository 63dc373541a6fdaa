package com.crm.segmentation.segment;

import com.crm.support.access.SqlCondition;
import com.crm.support.paging.KeysetCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/**
 * Memberships ({@code segment_member}); conditions are evaluated over the view {@code segment_subject s} (what this
 * service knows of each active customer). Every change of many members is one statement that returns who changed,
 * so that their events can be written in one batch.
 */
@Repository
class SegmentMemberRepository {

    /** A listed customer the caller may list: whether this call changed their membership. */
    record Listed(UUID customerId, boolean changed) {}

    private static final String MEMBERS = """
            select m.customer_id, m.joined_at, v.tier, v.stage, v.clv from segment_member m
            left join customer_value v on v.customer_id = m.customer_id
            """;

    private final JdbcClient jdbc;

    SegmentMemberRepository(JdbcClient jdbc) {
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
                .query(SegmentMemberRepository::member)
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

    /** Adds every matching customer within {@code visible} (over {@code s.customer_id}) not yet a member. @return the joiners */
    List<UUID> addMatching(UUID segmentId, SegmentCondition.Compiled c, SqlCondition visible) {
        return jdbc.sql("""
                insert into segment_member (segment_id, customer_id, joined_at)
                select :sid, s.customer_id, clock_timestamp() from segment_subject s where %s and %s
                on conflict do nothing returning customer_id""".formatted(c.sql(), visible.clause()))
                .params(withParam(c, "sid", segmentId))
                .params(visible.params())
                .query(UUID.class)
                .list();
    }

    /** Removes every member that no longer matches. @return the leavers */
    List<UUID> removeNotMatching(UUID segmentId, SegmentCondition.Compiled c) {
        return jdbc.sql("""
                delete from segment_member sm where sm.segment_id = :sid and not exists (
                    select 1 from segment_subject s where s.customer_id = sm.customer_id and %s)
                returning customer_id""".formatted(c.sql()))
                .params(withParam(c, "sid", segmentId))
                .query(UUID.class)
                .list();
    }

    /** Removes every member (an archived segment has none). @return the leavers */
    List<UUID> removeAll(UUID segmentId) {
        return jdbc.sql("delete from segment_member where segment_id = :sid returning customer_id")
                .param("sid", segmentId)
                .query(UUID.class)
                .list();
    }

    /**
     * Adds the listed customers this service knows (active) and {@code visible} (over {@code s.customer_id}) allows.
     *
     * @return each of them, {@code changed} when they joined now (not when already a member); those left out are
     *     unknown or hidden
     */
    List<Listed> addListed(UUID segmentId, Collection<UUID> ids, SqlCondition visible) {
        return jdbc.sql("""
                with eligible as (
                    select s.customer_id from segment_subject s where s.customer_id in (:ids) and %s),
                joined as (
                    insert into segment_member (segment_id, customer_id, joined_at)
                    select :sid, customer_id, clock_timestamp() from eligible
                    on conflict do nothing returning customer_id)
                select e.customer_id, j.customer_id is not null as changed
                from eligible e left join joined j on j.customer_id = e.customer_id""".formatted(visible.clause()))
                .param("sid", segmentId)
                .param("ids", ids)
                .params(visible.params())
                .query(SegmentMemberRepository::listed)
                .list();
    }

    /**
     * Removes the listed members {@code visibleMember} (over {@code m.customer_id}) allows.
     *
     * @return the listed customers known or removed within the caller's visibility, {@code changed} when removed
     *     now; those left out are unknown or hidden
     */
    List<Listed> removeListed(
            UUID segmentId, Collection<UUID> ids, SqlCondition visibleMember, SqlCondition visibleSubject) {
        return jdbc.sql("""
                with removed as (
                    delete from segment_member m where m.segment_id = :sid and m.customer_id in (:ids) and %s
                    returning m.customer_id)
                select customer_id, true as changed from removed
                union all
                select s.customer_id, false from segment_subject s
                where s.customer_id in (:ids) and %s
                  and s.customer_id not in (select customer_id from removed)""".formatted(visibleMember.clause(), visibleSubject.clause()))
                .param("sid", segmentId)
                .param("ids", ids)
                .params(visibleMember.params())
                .params(visibleSubject.params())
                .query(SegmentMemberRepository::listed)
                .list();
    }

    /** A customer who left a static list. */
    record LeftList(UUID customerId, UUID segmentId, String name) {}

    /** Adds those of the listed customers who match and are not members yet. @return the joiners */
    List<UUID> joinMatching(UUID segmentId, List<UUID> customerIds, SegmentCondition.Compiled c) {
        Map<String, Object> params = withParam(c, "sid", segmentId);
        params.put("cids", ids(customerIds));
        return jdbc.sql("""
                insert into segment_member (segment_id, customer_id, joined_at)
                select :sid, s.customer_id, now() from segment_subject s
                where s.customer_id = any(cast(:cids as uuid[])) and %s
                on conflict do nothing returning customer_id""".formatted(c.sql())).params(params).query(UUID.class).list();
    }

    /** Removes those of the listed customers who are members and no longer match. @return the leavers */
    List<UUID> leaveNotMatching(UUID segmentId, List<UUID> customerIds, SegmentCondition.Compiled c) {
        Map<String, Object> params = withParam(c, "sid", segmentId);
        params.put("cids", ids(customerIds));
        return jdbc.sql("""
                delete from segment_member sm
                where sm.segment_id = :sid and sm.customer_id = any(cast(:cids as uuid[])) and not exists (
                    select 1 from segment_subject s where s.customer_id = sm.customer_id and %s)
                returning customer_id""".formatted(c.sql())).params(params).query(UUID.class).list();
    }

    /**
     * Takes the listed customers segments may no longer hold (unknown here or not active: deleted, merged away) off
     * every static list. @return the lists each left
     */
    List<LeftList> leaveStaticListsUnlessSubject(List<UUID> customerIds) {
        return jdbc.sql("""
                delete from segment_member m using segment s
                where m.customer_id = any(cast(:cids as uuid[])) and s.id = m.segment_id and s.kind = 'STATIC'
                  and not exists (select 1 from segment_subject ss where ss.customer_id = m.customer_id)
                returning m.customer_id, s.id, s.name""")
                .param("cids", ids(customerIds))
                .query((rs, n) ->
                        new LeftList(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)))
                .list();
    }

    private static SqlArrayValue ids(List<UUID> customerIds) {
        return new SqlArrayValue(
                "text", customerIds.stream().map(UUID::toString).toArray());
    }

    /** The active segments the customer is in, longest-standing membership first. */
    List<SegmentService.CustomerSegment> segmentsOf(UUID customerId) {
        return jdbc.sql("""
                select s.id, s.name, s.kind, m.joined_at from segment_member m join segment s on s.id = m.segment_id
                where m.customer_id = :cid and s.archived_at is null order by m.joined_at, s.id""")
                .param("cid", customerId)
                .query((rs, n) -> new SegmentService.CustomerSegment(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        SegmentKind.valueOf(rs.getString(3)),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    private static Map<String, Object> withParam(SegmentCondition.Compiled c, String name, UUID value) {
        Map<String, Object> params = new HashMap<>(c.params());
        params.put(name, value);
        return params;
    }

    private static Listed listed(ResultSet rs, int n) throws SQLException {
        return new Listed(rs.getObject(1, UUID.class), rs.getBoolean(2));
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
