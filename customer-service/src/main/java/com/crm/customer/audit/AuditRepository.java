package com.crm.customer.audit;

import com.crm.support.paging.KeysetCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The append-only audit log: entries are inserted once and read; there is no update or delete (a trigger refuses). */
@Repository
class AuditRepository {

    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void append(AuditEntry e) {
        jdbc.sql("""
                        insert into audit_entry (id, occurred_at, source, actor_id, actor_kind, actor_role, action,
                                                 subject_type, subject_id, customer_id, request_id, details)
                        values (:id, :at, :source, :actorId, :actorKind, :actorRole, :action,
                                :subjectType, :subjectId, :customerId, :requestId, cast(:details as jsonb))
                        on conflict (id) do nothing""")
                .param("id", e.id())
                .param("at", Timestamp.from(e.occurredAt()))
                .param("source", e.source())
                .param("actorId", e.actorId())
                .param("actorKind", e.actorKind())
                .param("actorRole", e.actorRole())
                .param("action", e.action())
                .param("subjectType", e.subjectType())
                .param("subjectId", e.subjectId())
                .param("customerId", e.customerId())
                .param("requestId", e.requestId())
                .param("details", json.writeValueAsString(e.details() == null ? Map.of() : e.details()))
                .update();
    }

    /** Filters; each null means "any". */
    record Filter(
            String actorId,
            String action,
            String subjectType,
            String subjectId,
            UUID customerId,
            Instant from,
            Instant to) {}

    /** Newest first, then by id: stable under concurrent appends. */
    List<AuditEntry> list(Filter f, KeysetCursor after, int limit) {
        return jdbc.sql("""
                        select id, occurred_at, source, actor_id, actor_kind, actor_role, action, subject_type,
                               subject_id, customer_id, request_id, details::text as details
                        from audit_entry
                        where (cast(:actorId as text) is null or actor_id = :actorId)
                          and (cast(:action as text) is null or action = :action)
                          and (cast(:subjectType as text) is null or subject_type = :subjectType)
                          and (cast(:subjectId as text) is null or subject_id = :subjectId)
                          and (cast(:customerId as uuid) is null or customer_id = :customerId)
                          and (cast(:from as timestamptz) is null or occurred_at >= :from)
                          and (cast(:to as timestamptz) is null or occurred_at < :to)
                          and (cast(:afterAt as timestamptz) is null or (occurred_at, id) < (:afterAt, :afterId))
                        order by occurred_at desc, id desc
                        limit :limit""")
                .param("actorId", f.actorId())
                .param("action", f.action())
                .param("subjectType", f.subjectType())
                .param("subjectId", f.subjectId())
                .param("customerId", f.customerId())
                .param("from", f.from() == null ? null : Timestamp.from(f.from()))
                .param("to", f.to() == null ? null : Timestamp.from(f.to()))
                .param("afterAt", after == null ? null : Timestamp.from(after.at()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit)
                .query(this::entry)
                .list();
    }

    private AuditEntry entry(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(
                rs.getObject("id", UUID.class),
                rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("source"),
                rs.getString("actor_id"),
                rs.getString("actor_kind"),
                rs.getString("actor_role"),
                rs.getString("action"),
                rs.getString("subject_type"),
                rs.getString("subject_id"),
                rs.getObject("customer_id", UUID.class),
                rs.getString("request_id"),
                json.readValue(rs.getString("details"), DETAILS));
    }
}
