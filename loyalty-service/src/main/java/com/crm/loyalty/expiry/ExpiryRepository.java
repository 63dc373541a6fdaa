package com.crm.loyalty.expiry;

import com.crm.support.access.SqlCondition;
import com.crm.support.paging.KeysetCursor;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Expiry of due lots, set-based, and the members with points expiring soon. */
@Repository
class ExpiryRepository {

    private final JdbcClient jdbc;

    ExpiryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One member's expired points, as journalled. */
    record Expired(UUID entryId, UUID memberId, UUID customerId, long points, long balance) {}

    /** Locks up to {@code limit} members holding lots due at {@code now}, skipping members others hold. */
    List<UUID> lockMembersWithDueLots(Instant now, int limit) {
        return jdbc.sql("""
                        select m.id from loyalty_member m
                        where m.id in (select l.member_id from points_lot l
                                       where l.remaining > 0 and l.expires_at <= :now
                                       order by l.expires_at limit :lots)
                        order by m.id limit :limit for no key update of m skip locked""")
                .param("now", Timestamp.from(now))
                .param("lots", (long) limit * 4)
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    /**
     * Expires the due lots of the (locked) members in one statement: the lots are emptied, each member's balance is
     * reduced by what expired and an {@code EXPIRY} entry per member records it.
     */
    List<Expired> expire(List<UUID> memberIds, Instant now) {
        if (memberIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        with due as (
                            select l.id, l.member_id, l.remaining from points_lot l
                            where l.member_id in (:ids) and l.remaining > 0 and l.expires_at <= :now),
                        emptied as (
                            update points_lot l set remaining = 0 from due where l.id = due.id returning l.id),
                        per_member as (
                            select member_id, sum(remaining) as points from due group by member_id),
                        updated as (
                            update loyalty_member m set balance = m.balance - p.points from per_member p
                            where m.id = p.member_id
                            returning m.id, m.customer_id, m.balance, m.debt, p.points)
                        insert into points_entry (id, member_id, kind, points, balance_after, debt_after, occurred_at,
                            recorded_at)
                        select gen_random_uuid(), u.id, 'EXPIRY', -u.points, u.balance, u.debt, :now, :now
                        from updated u
                        returning id, member_id, -points as points, balance_after,
                            (select m.customer_id from loyalty_member m where m.id = member_id) as customer_id""")
                .param("ids", memberIds)
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new Expired(
                        rs.getObject("id", UUID.class),
                        rs.getObject("member_id", UUID.class),
                        rs.getObject("customer_id", UUID.class),
                        rs.getLong("points"),
                        rs.getLong("balance_after")))
                .list();
    }

    /** A member with points expiring before the window's end. */
    record ExpiringMember(
            UUID memberId, UUID customerId, String memberNumber, long balance, long points, Instant firstExpiresAt) {}

    List<ExpiringMember> expiring(Instant until, SqlCondition visible, KeysetCursor after, int limit) {
        return jdbc.sql("""
                        select m.id, m.customer_id, m.member_number, m.balance, x.points, x.first
                        from (select member_id, sum(remaining) as points, min(expires_at) as first from points_lot
                              where remaining > 0 and expires_at < :until group by member_id) x
                        join loyalty_member m on m.id = x.member_id
                        where m.status = 'ACTIVE' and %s
                          and (cast(:afterAt as timestamptz) is null or (x.first, m.id) > (:afterAt, :afterId))
                        order by x.first, m.id limit :limit""".formatted(visible.clause()))
                .params(visible.params())
                .param("until", Timestamp.from(until))
                .param("afterAt", after == null ? null : Timestamp.from(after.at()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit)
                .query((rs, n) -> new ExpiringMember(
                        rs.getObject("id", UUID.class),
                        rs.getObject("customer_id", UUID.class),
                        rs.getString("member_number"),
                        rs.getLong("balance"),
                        rs.getLong("points"),
                        rs.getTimestamp("first").toInstant()))
                .list();
    }
}
