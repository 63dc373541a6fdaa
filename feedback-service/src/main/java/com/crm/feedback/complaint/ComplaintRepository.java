package com.crm.feedback.complaint;

import com.crm.contracts.events.ActorRef;
import com.crm.feedback.FeedbackProperties.Severity;
import com.crm.feedback.complaint.ComplaintService.ComplaintInput;
import com.crm.feedback.complaint.ComplaintService.ComplaintView;
import com.crm.support.access.SqlCondition;
import com.crm.support.paging.KeysetCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The complaint table: its statements and row mapping. */
@Repository
class ComplaintRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    ComplaintRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void insert(UUID id, ComplaintInput in, Instant now, Instant due, ActorRef by) {
        jdbc.sql("""
                insert into complaint (id, customer_id, category, severity, channel, description, interaction_id,
                    status, assignee, opened_at, due_at, product_code, opened_by_kind, opened_by)
                values (:id, :customer, :category, :severity, :channel, :description, :interaction, 'OPEN',
                    :assignee, :now, :due, :product, :byKind, :by)""")
                .param("id", id)
                .param("customer", in.customerId())
                .param("category", in.category())
                .param("severity", in.severity().name())
                .param("channel", in.channel())
                .param("description", in.description())
                .param("interaction", in.interactionId())
                .param("assignee", in.assignee())
                .param("now", Timestamp.from(now))
                .param("due", Timestamp.from(due))
                .param("product", in.productCode())
                .param("byKind", by == null ? null : by.kind())
                .param("by", by == null ? null : by.id())
                .update();
    }

    Optional<ComplaintView> find(UUID id) {
        return jdbc.sql("select * from complaint where id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    Optional<ComplaintView> lock(UUID id) {
        return jdbc.sql("select * from complaint where id = :id for update")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /**
     * Newest first, after the previous page's last complaint when {@code after} is given, within {@code visible}
     * (the caller's record-level access over {@code c.customer_id}).
     */
    List<ComplaintView> list(
            UUID customerId,
            ComplaintStatus status,
            String assignee,
            KeysetCursor after,
            int limit,
            SqlCondition visible) {
        return jdbc.sql("""
                select * from complaint c where %s
                  and (cast(:customer as uuid) is null or customer_id = cast(:customer as uuid))
                  and (cast(:status as varchar) is null or status = cast(:status as varchar))
                  and (cast(:assignee as varchar) is null or assignee = cast(:assignee as varchar))
                  and (cast(:beforeAt as timestamptz) is null
                       or (opened_at, id) < (cast(:beforeAt as timestamptz), cast(:beforeId as uuid)))
                order by opened_at desc, id desc limit :limit""".formatted(visible.clause()))
                .param("customer", customerId)
                .param("status", status == null ? null : status.name())
                .param("assignee", assignee)
                .param("beforeAt", after == null ? null : Timestamp.from(after.at()))
                .param("beforeId", after == null ? null : after.id())
                .param("limit", limit)
                .params(visible.params())
                .query(this::map)
                .list();
    }

    void acknowledge(UUID id, Instant now) {
        jdbc.sql("update complaint set status = 'ACKNOWLEDGED', acknowledged_at = :now, version = version + 1 "
                        + "where id = :id")
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    void resolve(UUID id, String resolution, Instant now, ActorRef by) {
        jdbc.sql(
                        "update complaint set status = 'RESOLVED', resolved_at = :now, resolution = :r, version = version + 1, "
                                + "resolved_by_kind = :byKind, resolved_by = :by where id = :id")
                .param("now", Timestamp.from(now))
                .param("r", resolution)
                .param("byKind", by == null ? null : by.kind())
                .param("by", by == null ? null : by.id())
                .param("id", id)
                .update();
    }

    void close(UUID id, Instant now) {
        jdbc.sql("update complaint set status = 'CLOSED', closed_at = :now, version = version + 1 where id = :id")
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    void reopen(UUID id, Instant due, String note) {
        jdbc.sql("""
                update complaint set status = 'OPEN', resolved_at = null, closed_at = null, acknowledged_at = null,
                    escalated_at = null, due_at = :due, reopened_count = reopened_count + 1,
                    resolution = coalesce(resolution, '') || :note, version = version + 1 where id = :id""")
                .param("due", Timestamp.from(due))
                .param("note", note)
                .param("id", id)
                .update();
    }

    void assign(UUID id, String assignee) {
        jdbc.sql("update complaint set assignee = :a, version = version + 1 where id = :id")
                .param("a", assignee)
                .param("id", id)
                .update();
    }

    /** Claims up to 500 unescalated breaches (skipping rows another replica holds) and marks them escalated. */
    List<ComplaintView> escalateBreaches(Instant now) {
        return jdbc.sql("""
                update complaint set escalated_at = :now, version = version + 1
                where id in (select id from complaint where escalated_at is null
                             and status in ('OPEN', 'ACKNOWLEDGED') and due_at < :now
                             order by due_at limit 500 for update skip locked)
                  and escalated_at is null
                returning *""").param("now", Timestamp.from(now)).query(this::map).list();
    }

    private ComplaintView map(ResultSet rs, int n) throws SQLException {
        Instant due = rs.getTimestamp("due_at").toInstant();
        ComplaintStatus status = ComplaintStatus.valueOf(rs.getString("status"));
        Instant resolved = instant(rs.getTimestamp("resolved_at"));
        boolean breached = resolved != null
                ? resolved.isAfter(due)
                : clock.instant().truncatedTo(ChronoUnit.MICROS).isAfter(due);
        return new ComplaintView(
                rs.getObject("id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                rs.getString("category"),
                Severity.valueOf(rs.getString("severity")),
                rs.getString("channel"),
                rs.getString("description"),
                rs.getObject("interaction_id", UUID.class),
                status,
                rs.getString("assignee"),
                rs.getString("resolution"),
                instant(rs.getTimestamp("opened_at")),
                due,
                instant(rs.getTimestamp("acknowledged_at")),
                resolved,
                instant(rs.getTimestamp("closed_at")),
                instant(rs.getTimestamp("escalated_at")),
                rs.getInt("reopened_count"),
                breached,
                rs.getLong("version"),
                rs.getString("product_code"),
                actor(rs.getString("opened_by_kind"), rs.getString("opened_by")),
                actor(rs.getString("resolved_by_kind"), rs.getString("resolved_by")));
    }

    private static ActorRef actor(String kind, String id) {
        return id == null ? null : new ActorRef(kind, id);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
