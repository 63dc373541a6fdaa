package com.crm.loyalty.member;

import com.crm.loyalty.member.LotRepository.Expiring;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** Members ({@code loyalty_member}); a member's row is the lock every movement of its points takes first. */
@Repository
class MemberRepository {

    private static final String COLUMNS = """
            id, customer_id, program_id, member_number, status, balance, debt, level_code, level_since,
            level_review_at, enrolled_at, merged_into""";

    private final JdbcClient jdbc;

    MemberRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Member> findByCustomers(Collection<UUID> customerIds) {
        return jdbc.sql("select " + COLUMNS + " from loyalty_member where customer_id = any(cast(:c as uuid[]))")
                .param("c", new SqlArrayValue("uuid", customerIds.toArray()))
                .query(MemberRepository::member)
                .list();
    }

    /** The members, locked in id order (so two transactions locking several never deadlock). */
    List<Member> lockAll(Collection<UUID> ids) {
        return jdbc.sql("select " + COLUMNS
                        + " from loyalty_member where id = any(cast(:ids as uuid[])) order by id for no key update")
                .param("ids", new SqlArrayValue("uuid", ids.toArray()))
                .query(MemberRepository::member)
                .list();
    }

    /** Balance and debt ({@code [balance, debt]}) per member id, with one statement. */
    void setBalances(Map<UUID, long[]> balances) {
        if (balances.isEmpty()) {
            return;
        }
        jdbc.sql("""
                update loyalty_member m set balance = v.balance, debt = v.debt
                from unnest(cast(:ids as uuid[]), cast(:balances as bigint[]), cast(:debts as bigint[]))
                    as v(id, balance, debt)
                where m.id = v.id""")
                .param("ids", new SqlArrayValue("uuid", balances.keySet().toArray()))
                .param(
                        "balances",
                        new SqlArrayValue(
                                "bigint",
                                balances.values().stream().map(b -> b[0]).toArray()))
                .param(
                        "debts",
                        new SqlArrayValue(
                                "bigint",
                                balances.values().stream().map(b -> b[1]).toArray()))
                .update();
    }

    Optional<Member> findByCustomer(UUID customerId) {
        return jdbc.sql("select " + COLUMNS + " from loyalty_member where customer_id = :c")
                .param("c", customerId)
                .query(MemberRepository::member)
                .optional();
    }

    /** A member as a read shows it: with the points of its lots expiring before a time. */
    record WithExpiring(Member member, Expiring expiring) {}

    /**
     * The customer's member and, for an active one, the points of its lots expiring before {@code until}, in one
     * statement: a member read is one round trip.
     */
    Optional<WithExpiring> findByCustomerWithExpiring(UUID customerId, Instant until) {
        return jdbc.sql("select " + COLUMNS + """
                        , x.points as expiring_points, x.first as expiring_first
                        from loyalty_member m
                        left join lateral (
                            select coalesce(sum(l.remaining), 0) as points, min(l.expires_at) as first
                            from points_lot l
                            where l.member_id = m.id and l.remaining > 0 and l.expires_at < :until) x
                            on m.status = 'ACTIVE'
                        where m.customer_id = :c""")
                .param("c", customerId)
                .param("until", Timestamp.from(until))
                .query((rs, n) -> new WithExpiring(
                        member(rs, n),
                        new Expiring(
                                rs.getLong("expiring_points"),
                                rs.getTimestamp("expiring_first") == null
                                        ? null
                                        : rs.getTimestamp("expiring_first").toInstant())))
                .optional();
    }

    Optional<Member> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from loyalty_member where id = :id")
                .param("id", id)
                .query(MemberRepository::member)
                .optional();
    }

    /** The member, locked until the end of the transaction. */
    Optional<Member> lock(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from loyalty_member where id = :id for no key update")
                .param("id", id)
                .query(MemberRepository::member)
                .optional();
    }

    /** @return whether the member was created (false: the customer already is one) */
    boolean insert(UUID id, UUID customerId, UUID programId, String levelCode, Instant now, Instant reviewAt) {
        return jdbc.sql("""
                        insert into loyalty_member (id, customer_id, program_id, member_number, status, level_code,
                            level_since, level_review_at, enrolled_at)
                        values (:id, :c, :p, 'L' || lpad(nextval('loyalty_member_number_seq')::text, 9, '0'),
                            'ACTIVE', :level, :now, :review, :now)
                        on conflict (customer_id) do nothing""")
                        .param("id", id)
                        .param("c", customerId)
                        .param("p", programId)
                        .param("level", levelCode)
                        .param("now", Timestamp.from(now))
                        .param("review", Timestamp.from(reviewAt))
                        .update()
                == 1;
    }

    /**
     * {@link #insert} for several customers with one statement.
     *
     * @return the members created (a customer left out already was one)
     */
    List<Member> insertAll(
            Map<UUID, UUID> idByCustomer, UUID programId, String levelCode, Instant now, Instant reviewAt) {
        if (idByCustomer.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        insert into loyalty_member (id, customer_id, program_id, member_number, status, level_code,
                            level_since, level_review_at, enrolled_at)
                        select id, c, :p, 'L' || lpad(nextval('loyalty_member_number_seq')::text, 9, '0'),
                            'ACTIVE', :level, :now, :review, :now
                        from unnest(cast(:ids as uuid[]), cast(:customers as uuid[])) as n(id, c)
                        on conflict (customer_id) do nothing""" + " returning " + COLUMNS)
                .param("ids", new SqlArrayValue("uuid", idByCustomer.values().toArray()))
                .param(
                        "customers",
                        new SqlArrayValue("uuid", idByCustomer.keySet().toArray()))
                .param("p", programId)
                .param("level", levelCode)
                .param("now", Timestamp.from(now))
                .param("review", Timestamp.from(reviewAt))
                .query(MemberRepository::member)
                .list();
    }

    void setBalance(UUID id, long balance, long debt) {
        jdbc.sql("update loyalty_member set balance = :b, debt = :d where id = :id")
                .param("b", balance)
                .param("d", debt)
                .param("id", id)
                .update();
    }

    void rekey(UUID id, UUID customerId) {
        jdbc.sql("update loyalty_member set customer_id = :c where id = :id")
                .param("c", customerId)
                .param("id", id)
                .update();
    }

    void markMerged(UUID id, UUID into, Instant at) {
        jdbc.sql("""
                update loyalty_member set status = 'MERGED', merged_into = :into, closed_at = :at, balance = 0, debt = 0
                where id = :id""")
                .param("into", into)
                .param("at", Timestamp.from(at))
                .param("id", id)
                .update();
    }

    void close(UUID id, Instant at) {
        jdbc.sql("update loyalty_member set status = 'CLOSED', closed_at = :at, balance = 0, debt = 0 where id = :id")
                .param("at", Timestamp.from(at))
                .param("id", id)
                .update();
    }

    /** What follows a member to the survivor of a merge: its purchases (for refunds and levels) and redemptions. */
    void moveHistory(UUID from, UUID to) {
        jdbc.sql("update purchase_accrual set member_id = :to where member_id = :from")
                .param("to", to)
                .param("from", from)
                .update();
        jdbc.sql("update redemption set member_id = :to where member_id = :from")
                .param("to", to)
                .param("from", from)
                .update();
    }

    private static Member member(ResultSet rs, int n) throws SQLException {
        return new Member(
                rs.getObject("id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                rs.getObject("program_id", UUID.class),
                rs.getString("member_number"),
                rs.getString("status"),
                rs.getLong("balance"),
                rs.getLong("debt"),
                rs.getString("level_code"),
                rs.getTimestamp("level_since").toInstant(),
                rs.getTimestamp("level_review_at").toInstant(),
                rs.getTimestamp("enrolled_at").toInstant(),
                rs.getObject("merged_into", UUID.class));
    }
}
