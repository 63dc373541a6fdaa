package com.crm.customer.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Subscription type definitions. */
@Repository
class SubscriptionTypeRepository {

    private static final String COLUMNS =
            "key, name, description, purpose, channel, archived, created_at, updated_at, version";

    private final JdbcClient jdbc;

    SubscriptionTypeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<SubscriptionType> all(boolean archived) {
        return jdbc.sql("select " + COLUMNS + " from subscription_type where archived = :archived order by key")
                .param("archived", archived)
                .query((rs, n) -> map(rs))
                .list();
    }

    long count() {
        return jdbc.sql("select count(*) from subscription_type")
                .query(Long.class)
                .single();
    }

    Optional<SubscriptionType> find(String key) {
        return jdbc.sql("select " + COLUMNS + " from subscription_type where key = :key")
                .param("key", key)
                .query((rs, n) -> map(rs))
                .optional();
    }

    Optional<SubscriptionType> findForUpdate(String key) {
        return jdbc.sql("select " + COLUMNS + " from subscription_type where key = :key for update")
                .param("key", key)
                .query((rs, n) -> map(rs))
                .optional();
    }

    /** False when the key is taken. */
    boolean insert(SubscriptionType t) {
        return jdbc.sql("""
                        insert into subscription_type (key, name, description, purpose, channel, archived, created_at,
                            updated_at, version)
                        values (:key, :name, :description, :purpose, :channel, :archived, :createdAt, :updatedAt,
                            :version)
                        on conflict (key) do nothing""")
                        .param("key", t.key())
                        .param("name", t.name())
                        .param("description", t.description())
                        .param("purpose", t.purpose().name())
                        .param("channel", t.channel())
                        .param("archived", t.archived())
                        .param("createdAt", Timestamp.from(t.createdAt()))
                        .param("updatedAt", Timestamp.from(t.updatedAt()))
                        .param("version", t.version())
                        .update()
                == 1;
    }

    void update(SubscriptionType t) {
        jdbc.sql("""
                        update subscription_type set name = :name, description = :description, purpose = :purpose,
                            channel = :channel, archived = :archived, updated_at = :updatedAt, version = :version
                        where key = :key""")
                .param("key", t.key())
                .param("name", t.name())
                .param("description", t.description())
                .param("purpose", t.purpose().name())
                .param("channel", t.channel())
                .param("archived", t.archived())
                .param("updatedAt", Timestamp.from(t.updatedAt()))
                .param("version", t.version())
                .update();
    }

    private static SubscriptionType map(ResultSet rs) throws SQLException {
        return new SubscriptionType(
                rs.getString("key"),
                rs.getString("name"),
                rs.getString("description"),
                Purpose.valueOf(rs.getString("purpose")),
                rs.getString("channel"),
                rs.getBoolean("archived"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("version"));
    }
}
