package com.crm.interaction.timeline;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import com.crm.support.access.SqlCondition;
import com.crm.support.json.StoredJson;
import com.crm.support.paging.KeysetCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Interactions in PostgreSQL; the timeline reads (customer_id, occurred_at desc, id desc). */
@Repository
class InteractionRepository {

    private static final String COLUMNS = """
            id, customer_id, channel, direction, type, purpose, occurred_at, duration_seconds, agent_id, subject,
            notes, outcome, campaign_id, purchase_intent, source, external_id, override_justification, override_by,
            overridden_reasons, recorded_at, erased_at, recorded_by_kind, recorded_by""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    InteractionRepository(JdbcClient jdbc, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.json = storedJson.mapper();
    }

    /** Moves every interaction of {@code mergedIds} to {@code survivor}; @return how many moved */
    int rekey(List<UUID> mergedIds, UUID survivor) {
        if (mergedIds == null || mergedIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("update interaction set customer_id = :survivor where customer_id in (:merged)")
                .param("survivor", survivor)
                .param("merged", mergedIds)
                .update();
    }

    /** Purges subject, notes and the agent's free text of a customer's interactions; @return how many */
    int purgePersonalContent(UUID customerId, Instant at) {
        return jdbc.sql("""
                        update interaction set subject = null, notes = null, override_justification =
                          case when override_justification is null then null else '[erased]' end,
                          overridden_reasons = null, erased_at = :at
                        where customer_id = :customerId""")
                .param("customerId", customerId)
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** @return false when another interaction already holds its (source, externalId) */
    boolean insert(Interaction i) {
        Interaction.Override o = i.override();
        int rows = jdbc.sql("insert into interaction (" + COLUMNS + ") values (:id, :customerId, :channel,"
                        + " :direction, :type, :purpose, :occurredAt, :durationSeconds, :agentId, :subject, :notes,"
                        + " :outcome, :campaignId, :purchaseIntent, :source, :externalId, :overrideJustification,"
                        + " :overrideBy, cast(:overriddenReasons as jsonb), :recordedAt, :erasedAt, :recordedByKind,"
                        + " :recordedBy)"
                        + " on conflict (source, external_id) where external_id is not null do nothing")
                .param("id", i.id())
                .param("customerId", i.customerId())
                .param("channel", i.channel().name())
                .param("direction", i.direction().name())
                .param("type", i.type().name())
                .param("purpose", i.purpose().name())
                .param("occurredAt", utc(i.occurredAt()))
                .param("durationSeconds", i.durationSeconds())
                .param("agentId", i.agentId())
                .param("subject", i.subject())
                .param("notes", i.notes())
                .param("outcome", i.outcome() == null ? null : i.outcome().name())
                .param("campaignId", i.campaignId())
                .param("purchaseIntent", i.purchaseIntent())
                .param("source", i.source())
                .param("externalId", i.externalId())
                .param("overrideJustification", o == null ? null : o.justification())
                .param("overrideBy", o == null ? null : o.by())
                .param("overriddenReasons", o == null ? null : json.writeValueAsString(o.overriddenReasons()))
                .param("recordedAt", utc(i.recordedAt()))
                .param("erasedAt", i.erasedAt() == null ? null : utc(i.erasedAt()))
                .param("recordedByKind", i.recordedByKind())
                .param("recordedBy", i.recordedBy())
                .update();
        return rows == 1;
    }

    Optional<Interaction> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from interaction where id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    Optional<Interaction> findByExternalId(String source, String externalId) {
        return jdbc.sql("select " + COLUMNS + " from interaction where source = :source and external_id = :externalId")
                .param("source", source)
                .param("externalId", externalId)
                .query(this::map)
                .optional();
    }

    /** Newest first, after {@code after} in (occurred_at desc, id desc) order. */
    List<Interaction> list(InteractionFilter f, KeysetCursor after, int limit, SqlCondition visible) {
        StringBuilder where = new StringBuilder(visible.clause());
        Map<String, Object> params = new HashMap<>();
        if (after != null) {
            where.append(" and (occurred_at, id) < (:afterAt, :afterId)");
            params.put("afterAt", utc(after.at()));
            params.put("afterId", after.id());
        }
        if (f.customerId() != null) {
            where.append(" and customer_id = :customerId");
            params.put("customerId", f.customerId());
        }
        if (f.channels() != null && !f.channels().isEmpty()) {
            where.append(" and channel in (:channels)");
            params.put("channels", f.channels().stream().map(Enum::name).toList());
        }
        if (f.types() != null && !f.types().isEmpty()) {
            where.append(" and type in (:types)");
            params.put("types", f.types().stream().map(Enum::name).toList());
        }
        if (f.direction() != null) {
            where.append(" and direction = :direction");
            params.put("direction", f.direction().name());
        }
        if (f.agentId() != null) {
            where.append(" and agent_id = :agentId");
            params.put("agentId", f.agentId());
        }
        if (f.purchaseIntent() != null) {
            where.append(" and purchase_intent = :purchaseIntent");
            params.put("purchaseIntent", f.purchaseIntent());
        }
        if (f.from() != null) {
            where.append(" and occurred_at >= :from");
            params.put("from", utc(f.from()));
        }
        if (f.to() != null) {
            where.append(" and occurred_at < :to");
            params.put("to", utc(f.to()));
        }
        return jdbc.sql("select " + COLUMNS + " from interaction i where " + where
                        + " order by occurred_at desc, id desc limit :limit")
                .params(params)
                .params(visible.params())
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    private Interaction map(ResultSet rs, int row) throws SQLException {
        String justification = rs.getString("override_justification");
        String reasons = rs.getString("overridden_reasons");
        Interaction.Override override = justification == null
                ? null
                : new Interaction.Override(
                        justification,
                        rs.getString("override_by"),
                        reasons == null ? List.of() : json.readValue(reasons, new TypeReference<List<String>>() {}));
        String outcome = rs.getString("outcome");
        OffsetDateTime erased = rs.getObject("erased_at", OffsetDateTime.class);
        return new Interaction(
                rs.getObject("id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                Channel.valueOf(rs.getString("channel")),
                Direction.valueOf(rs.getString("direction")),
                InteractionType.valueOf(rs.getString("type")),
                Purpose.valueOf(rs.getString("purpose")),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getObject("duration_seconds", Integer.class),
                rs.getString("agent_id"),
                rs.getString("subject"),
                rs.getString("notes"),
                outcome == null ? null : Outcome.valueOf(outcome),
                rs.getString("campaign_id"),
                rs.getBoolean("purchase_intent"),
                rs.getString("source"),
                rs.getString("external_id"),
                override,
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                erased == null ? null : erased.toInstant(),
                rs.getString("recorded_by_kind"),
                rs.getString("recorded_by"));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
