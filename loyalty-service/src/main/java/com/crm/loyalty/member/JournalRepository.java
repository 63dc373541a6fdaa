package com.crm.loyalty.member;

import com.crm.contracts.events.ActorRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The points journal ({@code points_entry}): append-only, except that erasure removes free text. */
@Repository
class JournalRepository {

    private static final String INSERT = """
            insert into points_entry (id, member_id, kind, points, balance_after, debt_after, reason, purchase_id,
                redemption_id, reference_id, actor_kind, actor_id, occurred_at, recorded_at)
            values (:id, :m, :kind, :points, :balance, :debt, :reason, :purchase, :redemption, :reference,
                :actorKind, :actorId, :occurred, :recorded)""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;

    JournalRepository(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Appends the entries with one batched statement, in order. */
    void insertAll(List<NewEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        batch.batchUpdate(
                INSERT, entries.stream().map(JournalRepository::values).toArray(MapSqlParameterSource[]::new));
    }

    private static MapSqlParameterSource values(NewEntry e) {
        return new MapSqlParameterSource()
                .addValue("id", e.id())
                .addValue("m", e.memberId())
                .addValue("kind", e.kind().name())
                .addValue("points", e.points())
                .addValue("balance", e.balanceAfter())
                .addValue("debt", e.debtAfter())
                .addValue("reason", e.reason())
                .addValue("purchase", e.purchaseId())
                .addValue("redemption", e.redemptionId())
                .addValue("reference", e.referenceId())
                .addValue("actorKind", e.actor() == null ? null : e.actor().kind())
                .addValue("actorId", e.actor() == null ? null : e.actor().id())
                .addValue("occurred", Timestamp.from(e.occurredAt()))
                .addValue("recorded", Timestamp.from(e.recordedAt()));
    }

    record NewEntry(
            UUID id,
            UUID memberId,
            EntryKind kind,
            long points,
            long balanceAfter,
            long debtAfter,
            String reason,
            UUID purchaseId,
            UUID redemptionId,
            UUID referenceId,
            ActorRef actor,
            Instant occurredAt,
            Instant recordedAt) {}

    void insert(NewEntry e) {
        insertAll(List.of(e));
    }

    /** Newest first, after the entry numbered {@code beforeSeq} when given. */
    List<JournalEntry> page(UUID memberId, Long beforeSeq, int limit) {
        return jdbc.sql("""
                        select id, kind, points, balance_after, debt_after, reason, purchase_id, redemption_id,
                            reference_id, actor_kind, actor_id, occurred_at, recorded_at, seq
                        from points_entry where member_id = :m and (cast(:before as bigint) is null or seq < :before)
                        order by seq desc limit :limit""")
                .param("m", memberId)
                .param("before", beforeSeq)
                .param("limit", limit)
                .query(JournalRepository::entry)
                .list();
    }

    long sum(UUID memberId) {
        return jdbc.sql("select coalesce(sum(points), 0) from points_entry where member_id = :m")
                .param("m", memberId)
                .query(Long.class)
                .single();
    }

    /** Erasure: no free text stays in the member's journal. */
    void anonymise(UUID memberId) {
        jdbc.sql("update points_entry set reason = null where member_id = :m and reason is not null")
                .param("m", memberId)
                .update();
    }

    private static JournalEntry entry(ResultSet rs, int n) throws SQLException {
        String actorKind = rs.getString("actor_kind");
        return new JournalEntry(
                rs.getObject("id", UUID.class),
                EntryKind.valueOf(rs.getString("kind")),
                rs.getLong("points"),
                rs.getLong("balance_after"),
                rs.getLong("debt_after"),
                rs.getString("reason"),
                rs.getObject("purchase_id", UUID.class),
                rs.getObject("redemption_id", UUID.class),
                rs.getObject("reference_id", UUID.class),
                actorKind == null ? null : new ActorRef(actorKind, rs.getString("actor_id")),
                rs.getTimestamp("occurred_at").toInstant(),
                rs.getTimestamp("recorded_at").toInstant(),
                rs.getLong("seq"));
    }
}
