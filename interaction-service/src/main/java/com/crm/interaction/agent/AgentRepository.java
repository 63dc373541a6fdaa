package com.crm.interaction.agent;

import com.crm.interaction.contact.Channel;
import com.crm.support.json.StoredJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Agents in PostgreSQL. */
@Repository
class AgentRepository {

    private static final String COLUMNS = "id, user_id, display_name, team, skills, seniority, capacity, working_hours,"
            + " available, version, created_at, updated_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AgentRepository(JdbcClient jdbc, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.json = storedJson.mapper();
    }

    List<AgentView> all() {
        return jdbc.sql("select " + COLUMNS + " from agent order by display_name, id")
                .query(this::map)
                .list();
    }

    /** The agents a match considers: those switched on. */
    List<AgentView> available() {
        return jdbc.sql("select " + COLUMNS + " from agent where available order by id")
                .query(this::map)
                .list();
    }

    Optional<AgentView> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from agent where id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    Optional<AgentView> findForUpdate(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from agent where id = :id for update")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    boolean userTaken(String userId, UUID except) {
        return jdbc.sql("select count(*) from agent where user_id = :userId and id <> :except")
                        .param("userId", userId)
                        .param("except", except)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void upsert(AgentView a) {
        jdbc.sql("""
                        insert into agent (id, user_id, display_name, team, skills, seniority, capacity, working_hours,
                          available, version, created_at, updated_at)
                        values (:id, :userId, :displayName, :team, cast(:skills as jsonb), :seniority,
                          cast(:capacity as jsonb), cast(:workingHours as jsonb), :available, :version, :createdAt,
                          :updatedAt)
                        on conflict (id) do update set user_id = excluded.user_id,
                          display_name = excluded.display_name, team = excluded.team, skills = excluded.skills,
                          seniority = excluded.seniority, capacity = excluded.capacity,
                          working_hours = excluded.working_hours, available = excluded.available,
                          version = excluded.version, updated_at = excluded.updated_at""")
                .param("id", a.id())
                .param("userId", a.userId())
                .param("displayName", a.displayName())
                .param("team", a.team())
                .param("skills", json.writeValueAsString(a.skills()))
                .param("seniority", a.seniority().name())
                .param("capacity", json.writeValueAsString(a.capacity()))
                .param("workingHours", a.workingHours() == null ? null : json.writeValueAsString(a.workingHours()))
                .param("available", a.available())
                .param("version", a.version())
                .param("createdAt", utc(a.createdAt()))
                .param("updatedAt", utc(a.updatedAt()))
                .update();
    }

    /** Deletes the agent with their closed assignments; false when they still hold open ones (nothing deleted). */
    boolean deleteUnlessBusy(UUID id) {
        long open = jdbc.sql("select count(*) from agent_assignment where agent_id = :id and status = 'OPEN'")
                .param("id", id)
                .query(Long.class)
                .single();
        if (open > 0) {
            return false;
        }
        jdbc.sql("delete from agent_assignment where agent_id = :id")
                .param("id", id)
                .update();
        jdbc.sql("delete from agent where id = :id").param("id", id).update();
        return true;
    }

    private AgentView map(ResultSet rs, int row) throws SQLException {
        String hours = rs.getString("working_hours");
        return new AgentView(
                rs.getObject("id", UUID.class),
                rs.getString("user_id"),
                rs.getString("display_name"),
                rs.getString("team"),
                json.readValue(rs.getString("skills"), new TypeReference<List<SkillLevel>>() {}),
                Seniority.valueOf(rs.getString("seniority")),
                json.readValue(rs.getString("capacity"), new TypeReference<Map<Channel, Integer>>() {}),
                hours == null ? null : json.readValue(hours, WorkingHours.class),
                rs.getBoolean("available"),
                rs.getLong("version"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
