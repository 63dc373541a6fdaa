package com.crm.loyalty.level;

import com.crm.loyalty.Cached;
import com.crm.support.json.StoredJson;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Levels ({@code loyalty_level}) and the level columns of members, with the rolling-window qualification. */
@Repository
class LevelRepository {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Cached<List<Level>> cached;

    LevelRepository(JdbcClient jdbc, StoredJson stored) {
        this.jdbc = jdbc;
        this.json = stored.mapper();
        this.cached = new Cached<>(this::load);
    }

    /** Every level, lowest rank first (cached briefly, see {@link Cached}). */
    List<Level> all() {
        return cached.get();
    }

    Optional<Level> find(String code) {
        return all().stream().filter(l -> l.code().equals(code)).findFirst();
    }

    private List<Level> load() {
        return jdbc.sql("select code, name, rank, min_points, min_spend, privileges, version from loyalty_level"
                        + " order by rank")
                .query(this::level)
                .list();
    }

    /** Creates or replaces the level; false when its rank is another level's (nothing written). */
    boolean upsert(String code, LevelInput in) {
        boolean rankTaken = jdbc.sql("select count(*) from loyalty_level where rank = :rank and code <> :code")
                        .param("rank", in.rank())
                        .param("code", code)
                        .query(Long.class)
                        .single()
                > 0;
        if (rankTaken) {
            return false;
        }
        cached.invalidate();
        jdbc.sql("""
                insert into loyalty_level (code, name, rank, min_points, min_spend, privileges)
                values (:code, :name, :rank, :minPoints, :minSpend, cast(:privileges as jsonb))
                on conflict (code) do update set name = excluded.name, rank = excluded.rank,
                    min_points = excluded.min_points, min_spend = excluded.min_spend,
                    privileges = excluded.privileges, version = loyalty_level.version + 1""")
                .param("code", code)
                .param("name", in.name())
                .param("rank", in.rank())
                .param("minPoints", in.minPoints())
                .param("minSpend", in.minSpend())
                .param("privileges", json.writeValueAsString(in.privileges() == null ? Map.of() : in.privileges()))
                .update();
        cached.invalidate();
        return true;
    }

    /** Points (net of reversals) and spend (net of refunds) of the member's purchases since {@code since}. */
    Qualifying qualifying(UUID memberId, Instant since) {
        return jdbc.sql("""
                        select coalesce(sum(points - reversed_points), 0) as points,
                               coalesce(sum(amount - refunded_amount), 0) as spend
                        from purchase_accrual where member_id = :m and occurred_at >= :since""")
                .param("m", memberId)
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new Qualifying(memberId, null, null, rs.getLong("points"), rs.getBigDecimal("spend")))
                .single();
    }

    /** {@link #qualifying} of several members in one query. */
    List<Qualifying> qualifyingAll(List<UUID> memberIds, Instant since) {
        return jdbc.sql("""
                        select member_id, coalesce(sum(points - reversed_points), 0) as points,
                               coalesce(sum(amount - refunded_amount), 0) as spend
                        from purchase_accrual where member_id = any(cast(:ids as uuid[])) and occurred_at >= :since
                        group by member_id""")
                .param("ids", new SqlArrayValue("uuid", memberIds.toArray()))
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new Qualifying(
                        rs.getObject("member_id", UUID.class),
                        null,
                        null,
                        rs.getLong("points"),
                        rs.getBigDecimal("spend")))
                .list();
    }

    void changeLevel(UUID memberId, String code, Instant since, Instant reviewAt) {
        jdbc.sql("""
                update loyalty_member set level_code = :code, level_since = :since, level_review_at = :review
                where id = :m""")
                .param("code", code)
                .param("since", Timestamp.from(since))
                .param("review", Timestamp.from(reviewAt))
                .param("m", memberId)
                .update();
    }

    /** {@link #changeLevel} for several members (new level code per member id), with one statement. */
    void changeLevels(Map<UUID, String> codes, Instant since, Instant reviewAt) {
        if (codes.isEmpty()) {
            return;
        }
        jdbc.sql("""
                update loyalty_member m set level_code = v.code, level_since = :since, level_review_at = :review
                from unnest(cast(:ids as uuid[]), cast(:codes as varchar[])) as v(id, code)
                where m.id = v.id""")
                .param("ids", new SqlArrayValue("uuid", codes.keySet().toArray()))
                .param("codes", new SqlArrayValue("text", codes.values().toArray()))
                .param("since", Timestamp.from(since))
                .param("review", Timestamp.from(reviewAt))
                .update();
    }

    void renewReview(List<UUID> memberIds, Instant reviewAt) {
        if (memberIds.isEmpty()) {
            return;
        }
        jdbc.sql("update loyalty_member set level_review_at = :review where id in (:ids)")
                .param("review", Timestamp.from(reviewAt))
                .param("ids", memberIds)
                .update();
    }

    /**
     * Locks up to {@code limit} active members whose review date is at or before {@code dueBefore} (skipping those
     * another transaction holds), then reads their window's points and spend, set-based.
     */
    List<Qualifying> lockDueForReview(Instant dueBefore, Instant windowStart, int limit) {
        List<UUID> ids = jdbc.sql("""
                        select id from loyalty_member where status = 'ACTIVE' and level_review_at <= :due
                        order by level_review_at limit :limit for no key update skip locked""")
                .param("due", Timestamp.from(dueBefore))
                .param("limit", limit)
                .query(UUID.class)
                .list();
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select m.id, m.customer_id, m.level_code, coalesce(q.points, 0) as points,
                               coalesce(q.spend, 0) as spend
                        from loyalty_member m left join lateral (
                            select sum(a.points - a.reversed_points) as points,
                                   sum(a.amount - a.refunded_amount) as spend
                            from purchase_accrual a where a.member_id = m.id and a.occurred_at >= :since) q on true
                        where m.id in (:ids)""")
                .param("since", Timestamp.from(windowStart))
                .param("ids", ids)
                .query((rs, n) -> new Qualifying(
                        rs.getObject("id", UUID.class),
                        rs.getObject("customer_id", UUID.class),
                        rs.getString("level_code"),
                        rs.getLong("points"),
                        rs.getBigDecimal("spend")))
                .list();
    }

    record Qualifying(UUID memberId, UUID customerId, String levelCode, long points, BigDecimal spend) {}

    private Level level(ResultSet rs, int n) throws SQLException {
        return new Level(
                rs.getString("code"),
                rs.getString("name"),
                rs.getInt("rank"),
                rs.getLong("min_points"),
                rs.getBigDecimal("min_spend"),
                json.readValue(rs.getString("privileges"), MAP),
                rs.getLong("version"));
    }
}
