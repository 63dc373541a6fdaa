package com.crm.loyalty.member;

import com.crm.loyalty.member.LotConsumption.Take;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** Lots of points ({@code points_lot}); callers hold the member's lock. */
@Repository
class LotRepository {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;

    LotRepository(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    record NewLot(UUID memberId, UUID entryId, long points, Instant earnedAt, Instant expiresAt) {}

    /** Inserts the lots with one statement. */
    void insertAll(List<NewLot> lots) {
        if (lots.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into points_lot (id, member_id, entry_id, points, remaining, earned_at, expires_at)
                select gen_random_uuid(), m, entry, points, points, earned, expires
                from unnest(cast(:m as uuid[]), cast(:entry as uuid[]), cast(:points as bigint[]),
                    cast(:earned as timestamptz[]), cast(:expires as timestamptz[]))
                    as l(m, entry, points, earned, expires)""")
                .param("m", array("uuid", lots.stream().map(NewLot::memberId)))
                .param("entry", array("uuid", lots.stream().map(NewLot::entryId)))
                .param("points", array("bigint", lots.stream().map(NewLot::points)))
                .param(
                        "earned",
                        array("text", lots.stream().map(l -> l.earnedAt().toString())))
                .param(
                        "expires",
                        array("text", lots.stream().map(l -> l.expiresAt().toString())))
                .update();
    }

    /** Instants travel as ISO-8601 text: exact to the microsecond and independent of the session's time zone. */
    private static SqlArrayValue array(String type, Stream<?> values) {
        return new SqlArrayValue(type, values.toArray());
    }

    void insert(UUID memberId, UUID entryId, long points, Instant earnedAt, Instant expiresAt) {
        jdbc.sql("""
                insert into points_lot (id, member_id, entry_id, points, remaining, earned_at, expires_at)
                values (:id, :m, :entry, :points, :points, :earned, :expires)""")
                .param("id", UUID.randomUUID())
                .param("m", memberId)
                .param("entry", entryId)
                .param("points", points)
                .param("earned", Timestamp.from(earnedAt))
                .param("expires", Timestamp.from(expiresAt))
                .update();
    }

    /** Open lots in the order debits consume them: earliest expiry first, then earliest earned. */
    List<Lot> open(UUID memberId) {
        return jdbc.sql("""
                        select id, remaining, expires_at from points_lot where member_id = :m and remaining > 0
                        order by expires_at, earned_at, id""")
                .param("m", memberId)
                .query((rs, n) -> new Lot(
                        rs.getObject("id", UUID.class),
                        rs.getLong("remaining"),
                        rs.getTimestamp("expires_at").toInstant()))
                .list();
    }

    /** Open lots with the lot a purchase earned first, then as {@link #open(UUID)}: a reversal takes its own. */
    List<Lot> openPreferring(UUID memberId, UUID purchaseId) {
        return jdbc.sql("""
                        select l.id, l.remaining, l.expires_at from points_lot l
                        where l.member_id = :m and l.remaining > 0
                        order by (l.entry_id in (select e.id from points_entry e
                                  where e.purchase_id = :p and e.kind = 'PURCHASE')) desc,
                            l.expires_at, l.earned_at, l.id""")
                .param("m", memberId)
                .param("p", purchaseId)
                .query((rs, n) -> new Lot(
                        rs.getObject("id", UUID.class),
                        rs.getLong("remaining"),
                        rs.getTimestamp("expires_at").toInstant()))
                .list();
    }

    void consume(List<Take> takes) {
        if (takes.isEmpty()) {
            return;
        }
        MapSqlParameterSource[] rows = takes.stream()
                .map(t -> new MapSqlParameterSource().addValue("id", t.lotId()).addValue("t", t.points()))
                .toArray(MapSqlParameterSource[]::new);
        batch.batchUpdate("update points_lot set remaining = remaining - :t where id = :id", rows);
    }

    long remaining(UUID memberId) {
        return jdbc.sql("select coalesce(sum(remaining), 0) from points_lot where member_id = :m")
                .param("m", memberId)
                .query(Long.class)
                .single();
    }

    /** Points of lots expiring before {@code until}, and the earliest such expiry. */
    Expiring expiring(UUID memberId, Instant until) {
        return jdbc.sql("""
                        select coalesce(sum(remaining), 0) as points, min(expires_at) as first
                        from points_lot where member_id = :m and remaining > 0 and expires_at < :until""")
                .param("m", memberId)
                .param("until", Timestamp.from(until))
                .query((rs, n) -> new Expiring(
                        rs.getLong("points"),
                        rs.getTimestamp("first") == null
                                ? null
                                : rs.getTimestamp("first").toInstant()))
                .single();
    }

    record Expiring(long points, Instant first) {}

    void moveAll(UUID from, UUID to) {
        jdbc.sql("update points_lot set member_id = :to where member_id = :from")
                .param("to", to)
                .param("from", from)
                .update();
    }

    void emptyAll(UUID memberId) {
        jdbc.sql("update points_lot set remaining = 0 where member_id = :m and remaining > 0")
                .param("m", memberId)
                .update();
    }
}
