package com.crm.interaction.plan;

import com.crm.interaction.contact.Channel;
import com.crm.support.access.SqlCondition;
import com.crm.support.json.StoredJson;
import com.crm.support.paging.KeysetCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Plans in PostgreSQL, and the due-contact query that joins them with the timeline and the customer projection. */
@Repository
class CommunicationPlanRepository {

    private static final String COLUMNS =
            "id, name, tier, loyalty_level, customer_ids, rules, active, version, created_at, updated_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CommunicationPlanRepository(JdbcClient jdbc, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.json = storedJson.mapper();
    }

    List<CommunicationPlanView> all() {
        return jdbc.sql("select " + COLUMNS + " from communication_plan order by name, id")
                .query(this::map)
                .list();
    }

    Optional<CommunicationPlanView> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from communication_plan where id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    boolean nameTaken(String name, UUID except) {
        return jdbc.sql("select count(*) from communication_plan where lower(name) = lower(:name) and id <> :except")
                        .param("name", name)
                        .param("except", except)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void upsert(CommunicationPlanView p) {
        jdbc.sql("""
                        insert into communication_plan (id, name, tier, loyalty_level, customer_ids, rules, active,
                          version, created_at, updated_at)
                        values (:id, :name, :tier, :loyaltyLevel, array(select cast(jsonb_array_elements_text(cast(:customerIds as jsonb)) as uuid)),
                          cast(:rules as jsonb), :active, :version, :createdAt, :updatedAt)
                        on conflict (id) do update set name = excluded.name, tier = excluded.tier,
                          loyalty_level = excluded.loyalty_level,
                          customer_ids = excluded.customer_ids, rules = excluded.rules, active = excluded.active,
                          version = excluded.version, updated_at = excluded.updated_at""")
                .param("id", p.id())
                .param("name", p.name())
                .param("tier", p.tier())
                .param("loyaltyLevel", p.loyaltyLevel())
                .param("customerIds", json.writeValueAsString(p.customerIds()))
                .param("rules", json.writeValueAsString(p.rules()))
                .param("active", p.active())
                .param("version", p.version())
                .param("createdAt", utc(p.createdAt()))
                .param("updatedAt", utc(p.updatedAt()))
                .update();
    }

    void delete(UUID id) {
        jdbc.sql("delete from communication_plan where id = :id")
                .param("id", id)
                .update();
    }

    /** Whether any active plan names the customer, their tier or level: cheap, and most customers are in no plan. */
    boolean anyActivePlanFor(UUID customerId) {
        return jdbc.sql("""
                        select exists (select 1 from communication_plan p
                          where p.active and (p.customer_ids @> array[cast(:id as uuid)]
                            or p.tier = (select cp.tier from customer_projection cp where cp.customer_id = :id)
                            or p.loyalty_level = (select cp.loyalty_level from customer_projection cp
                                                  where cp.customer_id = :id)))""").param("id", customerId).query(Boolean.class).single();
    }

    /** Merged customers' memberships move to the survivor. */
    void rekey(List<UUID> mergedIds, UUID survivor) {
        jdbc.sql("""
                        update communication_plan set customer_ids = array(
                          select distinct case when m = any(cast(:merged as uuid[])) then cast(:survivor as uuid) else m end
                          from unnest(customer_ids) m)
                        where customer_ids && cast(:merged as uuid[])""")
                .param("merged", mergedIds.toArray(UUID[]::new))
                .param("survivor", survivor)
                .update();
    }

    /**
     * Due contacts of active plans, soonest first, after {@code after} in (due_at, row key) order. Members are the
     * plan's explicit customers and the customers of its tier and loyalty level; deleted, erased and merged customers
     * are left out. {@code withAssignments}: agents' open assignments too (agent_assignment, due at their dueAt or
     * creation, agent_id = the agent's user id), merged into the same order.
     */
    List<Row> due(
            Instant before,
            Instant now,
            String agentId,
            UUID customerId,
            String channel,
            KeysetCursor after,
            int limit,
            SqlCondition visible,
            boolean withAssignments) {
        StringBuilder where = new StringBuilder("due_at <= :before");
        Map<String, Object> params = new HashMap<>();
        params.put("before", utc(before));
        params.put("now", utc(now));
        if (agentId != null) {
            where.append(" and agent_id = :agentId");
            params.put("agentId", agentId);
        }
        // one customer (their next due contact, after each recorded interaction): filter the members up front
        // instead of expanding every tier
        String ownMember = "";
        String tierMember = "";
        String assignedCustomer = "";
        if (customerId != null) {
            where.append(" and customer_id = :customerId");
            params.put("customerId", customerId);
            ownMember = " where m0 = :customerId";
            tierMember = " and cp.customer_id = :customerId";
            assignedCustomer = " and mb.customer_id = :customerId";
        }
        if (channel != null) {
            where.append(" and channel = :channel");
            params.put("channel", channel);
        }
        if (after != null) {
            where.append(" and (due_at, row_key) > (:afterAt, :afterKey)");
            params.put("afterAt", utc(after.at()));
            params.put("afterKey", after.id());
        }
        return jdbc.sql("""
                        with members as (
                          select p.id as plan_id, p.name, p.rules, p.created_at, m.customer_id
                          from communication_plan p
                          cross join lateral (
                            select m0 as customer_id from unnest(p.customer_ids) m0%s
                            union
                            select cp.customer_id from customer_projection cp where p.tier is not null and cp.tier = p.tier%s
                            union
                            select cp.customer_id from customer_projection cp
                            where p.loyalty_level is not null and cp.loyalty_level = p.loyalty_level%s
                          ) m
                          where p.active
                        ), wanted as (
                          select mb.*, r.channel, r.every, cp.owner_id as agent_id,
                            (select max(i.occurred_at) from interaction i
                              where i.customer_id = mb.customer_id and i.channel = r.channel) as last_contact_at
                          from members mb
                          cross join lateral jsonb_to_recordset(mb.rules) as r(channel text, every text)
                          left join customer_projection cp on cp.customer_id = mb.customer_id
                          where (cp.status is null or cp.status = 'ACTIVE') and %s
                        ), planned as (
                          select plan_id, name, every, customer_id, channel, agent_id, last_contact_at,
                            coalesce(last_contact_at + cast(every as interval), created_at) as due_at,
                            cast(md5(plan_id::text || customer_id::text || channel) as uuid) as row_key,
                            'PLAN' as source, cast(null as uuid) as assignment_id, cast(null as text) as topic
                          from wanted
                        ), assigned as (
                          select cast(null as uuid) as plan_id, cast(null as text) as name, cast(null as text) as every,
                            mb.customer_id, cast(mb.channel as text) as channel, ag.user_id as agent_id,
                            (select max(i.occurred_at) from interaction i
                              where i.customer_id = mb.customer_id and i.channel = mb.channel) as last_contact_at,
                            coalesce(mb.due_at, mb.created_at) as due_at, mb.id as row_key,
                            'ASSIGNMENT' as source, mb.id as assignment_id, cast(mb.topic as text) as topic
                          from agent_assignment mb
                          join agent ag on ag.id = mb.agent_id
                          left join customer_projection cp on cp.customer_id = mb.customer_id
                          where %s and mb.status = 'OPEN' and (cp.status is null or cp.status = 'ACTIVE')%s and %s
                        ), due as (
                          select * from planned union all select * from assigned
                        )
                        select * from due where %s
                        order by due_at, row_key limit :limit""".formatted(
                                ownMember,
                                tierMember,
                                tierMember,
                                visible.clause(),
                                withAssignments,
                                assignedCustomer,
                                visible.clause(),
                                where))
                .params(params)
                .params(visible.params())
                .param("limit", limit)
                .query((rs, row) -> {
                    OffsetDateTime last = rs.getObject("last_contact_at", OffsetDateTime.class);
                    Instant dueAt = rs.getObject("due_at", OffsetDateTime.class).toInstant();
                    return new Row(
                            rs.getObject("row_key", UUID.class),
                            new DueContact(
                                    rs.getObject("plan_id", UUID.class),
                                    rs.getString("name"),
                                    rs.getObject("customer_id", UUID.class),
                                    Channel.valueOf(rs.getString("channel")),
                                    rs.getString("every"),
                                    last == null ? null : last.toInstant(),
                                    dueAt,
                                    dueAt.isBefore(now),
                                    rs.getString("agent_id"),
                                    rs.getString("source"),
                                    rs.getObject("assignment_id", UUID.class),
                                    rs.getString("topic")));
                })
                .list();
    }

    record Row(UUID key, DueContact contact) {}

    private CommunicationPlanView map(ResultSet rs, int row) throws SQLException {
        return new CommunicationPlanView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("tier"),
                rs.getString("loyalty_level"),
                List.copyOf(Arrays.asList((UUID[]) rs.getArray("customer_ids").getArray())),
                json.readValue(rs.getString("rules"), new TypeReference<List<PlanRule>>() {}),
                rs.getBoolean("active"),
                rs.getLong("version"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
