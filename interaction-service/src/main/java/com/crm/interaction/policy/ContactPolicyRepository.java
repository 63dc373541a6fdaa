package com.crm.interaction.policy;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Contact policies in PostgreSQL; durations as ISO-8601 text. */
@Repository
public class ContactPolicyRepository {

    private static final String COLUMNS = """
            id, name, channel, purpose, max_contacts, window_length, min_gap, quiet_start, quiet_end,
            consent_required, enabled, version, updated_at""";

    private final JdbcClient jdbc;

    ContactPolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<ContactPolicy> all() {
        return jdbc.sql("select " + COLUMNS + " from contact_policy order by name, id")
                .query(this::map)
                .list();
    }

    public List<ContactPolicy> enabled() {
        return jdbc.sql("select " + COLUMNS + " from contact_policy where enabled order by name, id")
                .query(this::map)
                .list();
    }

    Optional<ContactPolicy> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from contact_policy where id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    Optional<ContactPolicy> findForUpdate(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from contact_policy where id = :id for update")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    boolean nameTaken(String name, UUID except) {
        return jdbc.sql("select count(*) from contact_policy where lower(name) = lower(:name) and id <> :except")
                        .param("name", name)
                        .param("except", except)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void insert(ContactPolicy p) {
        jdbc.sql(
                        "insert into contact_policy (" + COLUMNS
                                + ") values (:id, :name, :channel, :purpose, :maxContacts,"
                                + " :window, :minGap, :quietStart, :quietEnd, :consentRequired, :enabled, :version, :updatedAt)")
                .params(params(p))
                .update();
    }

    void update(ContactPolicy p) {
        jdbc.sql("""
                        update contact_policy set name = :name, channel = :channel, purpose = :purpose,
                          max_contacts = :maxContacts, window_length = :window, min_gap = :minGap,
                          quiet_start = :quietStart, quiet_end = :quietEnd, consent_required = :consentRequired,
                          enabled = :enabled, version = :version, updated_at = :updatedAt
                        where id = :id""").params(params(p)).update();
    }

    boolean delete(UUID id) {
        return jdbc.sql("delete from contact_policy where id = :id")
                        .param("id", id)
                        .update()
                == 1;
    }

    private static Map<String, Object> params(ContactPolicy p) {
        var params = new HashMap<String, Object>();
        params.put("id", p.id());
        params.put("name", p.name());
        params.put("channel", p.channel() == null ? null : p.channel().name());
        params.put("purpose", p.purpose() == null ? null : p.purpose().name());
        params.put("maxContacts", p.maxContacts());
        params.put("window", Durations.iso(p.window()));
        params.put("minGap", Durations.iso(p.minGap()));
        params.put("quietStart", p.quietStart());
        params.put("quietEnd", p.quietEnd());
        params.put("consentRequired", p.consentRequired());
        params.put("enabled", p.enabled());
        params.put("version", p.version());
        params.put("updatedAt", p.updatedAt().atOffset(ZoneOffset.UTC));
        return params;
    }

    private ContactPolicy map(ResultSet rs, int row) throws SQLException {
        String channel = rs.getString("channel");
        String purpose = rs.getString("purpose");
        String window = rs.getString("window_length");
        String gap = rs.getString("min_gap");
        return new ContactPolicy(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                channel == null ? null : Channel.valueOf(channel),
                purpose == null ? null : Purpose.valueOf(purpose),
                rs.getObject("max_contacts", Integer.class),
                window == null ? null : Duration.parse(window),
                gap == null ? null : Duration.parse(gap),
                rs.getObject("quiet_start", LocalTime.class),
                rs.getObject("quiet_end", LocalTime.class),
                rs.getBoolean("consent_required"),
                rs.getBoolean("enabled"),
                rs.getLong("version"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
