package com.crm.loyalty.member;

import com.crm.contracts.events.ActorRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** The points journal ({@code points_entry}): append-only, except that erasure removes free text. */
@Repository
class JournalRepository {

    private final JdbcClient jdbc;

    JournalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends the entries with one statement, in order (the rows are numbered ({@code seq}) in the order given:
     * a debt settlement follows its credit).
     */
    void insertAll(List<NewEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into points_entry (id, member_id, kind, points, balance_after, debt_after, reason, purchase_id,
                    redemption_id, reference_id, actor_kind, actor_id, occurred_at, recorded_at)
                select id, m, kind, points, balance, debt, reason, purchase, redemption, reference, actor_kind,
                    actor_id, occurred, recorded
                from unnest(cast(:id as uuid[]), cast(:m as uuid[]), cast(:kind as varchar[]),
                    cast(:points as bigint[]), cast(:balance as bigint[]), cast(:debt as bigint[]),
                    cast(:reason as varchar[]), cast(:purchase as uuid[]), cast(:redemption as uuid[]),
                    cast(:reference as uuid[]), cast(:actorKind as varchar[]), cast(:actorId as varchar[]),
                    cast(:occurred as timestamptz[]), cast(:recorded as timestamptz[]))
                    with ordinality as e(id, m, kind, points, balance, debt, reason, purchase, redemption, reference,
                        actor_kind, actor_id, occurred, recorded, n)
                order by n""")
                .param("id", array("uuid", entries, NewEntry::id))
                .param("m", array("uuid", entries, NewEntry::memberId))
                .param("kind", array("text", entries, e -> e.kind().name()))
                .param("points", array("bigint", entries, NewEntry::points))
                .param("balance", array("bigint", entries, NewEntry::balanceAfter))
                .param("debt", array("bigint", entries, NewEntry::debtAfter))
                .param("reason", array("text", entries, NewEntry::reason))
                .param("purchase", array("uuid", entries, NewEntry::purchaseId))
                .param("redemption", array("uuid", entries, NewEntry::redemptionId))
                .param("reference", array("uuid", entries, NewEntry::referenceId))
                .param(
                        "actorKind",
                        array(
                                "text",
                                entries,
                                e -> e.actor() == null ? null : e.actor().kind()))
                .param(
                        "actorId",
                        array(
                                "text",
                                entries,
                                e -> e.actor() == null ? null : e.actor().id()))
                .param("occurred", array("text", entries, e -> e.occurredAt().toString()))
                .param("recorded", array("text", entries, e -> e.recordedAt().toString()))
                .update();
    }

    /** Instants travel as ISO-8601 text: exact to the microsecond and independent of the session's time zone. */
    private static SqlArrayValue array(String type, List<NewEntry> entries, Function<NewEntry, ?> value) {
        return new SqlArrayValue(type, entries.stream().map(value).toArray());
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
