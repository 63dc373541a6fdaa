package com.crm.interaction.agent;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.timeline.Outcome;
import com.crm.support.access.SqlCondition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Assignments and the open-assignment counters that enforce capacity. */
@Repository
class AssignmentRepository {

    private static final String SELECT = """
            select a.id, a.agent_id, ag.user_id, a.customer_id, a.channel, a.topic, a.due_at, a.status, a.outcome,
              a.created_at, a.completed_at
            from agent_assignment a join agent ag on ag.id = a.agent_id""";

    private final JdbcClient jdbc;

    AssignmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts an open assignment; false when the id is taken (then nothing changes). */
    boolean insert(UUID id, UUID agentId, AssignmentInput in, String createdBy, Instant now) {
        return jdbc.sql("""
                        insert into agent_assignment (id, agent_id, customer_id, channel, topic, due_at, status,
                          created_by, created_at)
                        values (:id, :agentId, :customerId, :channel, :topic, :dueAt, 'OPEN', :createdBy, :now)
                        on conflict (id) do nothing""")
                        .param("id", id)
                        .param("agentId", agentId)
                        .param("customerId", in.customerId())
                        .param("channel", in.channel().name())
                        .param("topic", in.topic())
                        .param("dueAt", AgentRepository.utc(in.dueAt()))
                        .param("createdBy", createdBy)
                        .param("now", AgentRepository.utc(now))
                        .update()
                == 1;
    }

    /**
     * Takes one slot of the agent's capacity on the channel: a conditional increment that re-checks the count after
     * any concurrent writer commits, so exactly capacity assignments succeed however many race. False when full.
     */
    boolean takeSlot(UUID agentId, Channel channel) {
        jdbc.sql("""
                        insert into agent_channel_load (agent_id, channel, open_count) values (:agentId, :channel, 0)
                        on conflict do nothing""").param("agentId", agentId).param("channel", channel.name()).update();
        return jdbc.sql("""
                                update agent_channel_load l set open_count = open_count + 1
                                where l.agent_id = :agentId and l.channel = :channel
                                  and l.open_count < coalesce((select cast(ag.capacity ->> :channel as integer)
                                                               from agent ag where ag.id = :agentId), 0)""")
                        .param("agentId", agentId)
                        .param("channel", channel.name())
                        .update()
                == 1;
    }

    /** Closes an open assignment and frees its slot; false when it was not open. */
    boolean complete(UUID agentId, UUID id, Outcome outcome, Instant now) {
        Optional<Channel> channel = jdbc.sql("""
                        update agent_assignment set status = 'COMPLETED', outcome = :outcome, completed_at = :now
                        where id = :id and agent_id = :agentId and status = 'OPEN' returning channel""")
                .param("outcome", outcome.name())
                .param("now", AgentRepository.utc(now))
                .param("id", id)
                .param("agentId", agentId)
                .query((rs, row) -> Channel.valueOf(rs.getString(1)))
                .optional();
        channel.ifPresent(c -> jdbc.sql("""
                        update agent_channel_load set open_count = greatest(open_count - 1, 0)
                        where agent_id = :agentId and channel = :channel""")
                .param("agentId", agentId)
                .param("channel", c.name())
                .update());
        return channel.isPresent();
    }

    Optional<AssignmentView> find(UUID id) {
        return jdbc.sql(SELECT + " where a.id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** An agent's assignments (open ones, or all), newest first, of customers the caller sees (on a.customer_id). */
    List<AssignmentView> ofAgent(UUID agentId, boolean openOnly, int limit, SqlCondition visible) {
        Map<String, Object> params = new HashMap<>(visible.params());
        params.put("agentId", agentId);
        params.put("limit", limit);
        return jdbc.sql(SELECT + " where a.agent_id = :agentId" + (openOnly ? " and a.status = 'OPEN'" : "") + " and "
                        + visible.clause() + " order by a.created_at desc, a.id desc limit :limit")
                .params(params)
                .query(this::map)
                .list();
    }

    /** Open assignments per agent on a channel (the counters). */
    Map<UUID, Integer> openOn(Channel channel) {
        Map<UUID, Integer> open = new HashMap<>();
        jdbc.sql("select agent_id, open_count from agent_channel_load where channel = :channel")
                .param("channel", channel.name())
                .query((ResultSet rs) -> {
                    open.put(rs.getObject("agent_id", UUID.class), rs.getInt("open_count"));
                });
        return open;
    }

    /** A merge moves the merged customers' assignments to the survivor. */
    void rekey(List<UUID> mergedIds, UUID survivor) {
        jdbc.sql("update agent_assignment set customer_id = :survivor where customer_id = any(:merged)")
                .param("survivor", survivor)
                .param("merged", mergedIds.toArray(UUID[]::new))
                .update();
    }

    private AssignmentView map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime due = rs.getObject("due_at", OffsetDateTime.class);
        OffsetDateTime completed = rs.getObject("completed_at", OffsetDateTime.class);
        String outcome = rs.getString("outcome");
        return new AssignmentView(
                rs.getObject("id", UUID.class),
                rs.getObject("agent_id", UUID.class),
                rs.getString("user_id"),
                rs.getObject("customer_id", UUID.class),
                Channel.valueOf(rs.getString("channel")),
                rs.getString("topic"),
                due == null ? null : due.toInstant(),
                rs.getString("status"),
                outcome == null ? null : Outcome.valueOf(outcome),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                completed == null ? null : completed.toInstant());
    }
}
