package com.crm.loyalty.earning;

import com.crm.loyalty.Cached;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class EarningRuleRepository {

    private static final String COLUMNS = """
            id, name, type, category, channel, multiplier, daily_cap, valid_from, valid_until, active, created_at,
            version""";

    private final JdbcClient jdbc;
    private final Cached<List<EarningRule>> active;

    EarningRuleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.active = new Cached<>(
                () -> jdbc.sql("select " + COLUMNS + " from earning_rule where active" + " order by created_at, id")
                        .query(EarningRuleRepository::rule)
                        .list());
    }

    List<EarningRule> all() {
        return jdbc.sql("select " + COLUMNS + " from earning_rule order by created_at, id")
                .query(EarningRuleRepository::rule)
                .list();
    }

    /** The active rules (cached briefly, see {@link Cached}). */
    List<EarningRule> active() {
        return active.get();
    }

    Optional<EarningRule> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from earning_rule where id = :id")
                .param("id", id)
                .query(EarningRuleRepository::rule)
                .optional();
    }

    void insert(UUID id, EarningRuleInput in, Instant now) {
        active.invalidate();
        jdbc.sql("""
                insert into earning_rule (id, name, type, category, channel, multiplier, daily_cap, valid_from,
                    valid_until, active, created_at)
                values (:id, :name, :type, :category, :channel, :multiplier, :cap, :from, :until, :active, :now)""")
                .param("id", id)
                .params(values(in))
                .param("now", Timestamp.from(now))
                .update();
    }

    boolean update(UUID id, EarningRuleInput in) {
        active.invalidate();
        return jdbc.sql("""
                        update earning_rule set name = :name, type = :type, category = :category, channel = :channel,
                            multiplier = :multiplier, daily_cap = :cap, valid_from = :from, valid_until = :until,
                            active = :active, version = version + 1
                        where id = :id""").param("id", id).params(values(in)).update() == 1;
    }

    boolean delete(UUID id) {
        active.invalidate();
        return jdbc.sql("delete from earning_rule where id = :id")
                        .param("id", id)
                        .update()
                == 1;
    }

    private static java.util.Map<String, Object> values(EarningRuleInput in) {
        java.util.Map<String, Object> v = new java.util.HashMap<>();
        v.put("name", in.name().strip());
        v.put("type", in.type());
        v.put("category", in.category());
        v.put("channel", in.channel());
        v.put("multiplier", in.multiplier());
        v.put("cap", in.dailyCap());
        v.put("from", in.validFrom() == null ? null : Timestamp.from(in.validFrom()));
        v.put("until", in.validUntil() == null ? null : Timestamp.from(in.validUntil()));
        v.put("active", in.active() == null || in.active());
        return v;
    }

    private static EarningRule rule(ResultSet rs, int n) throws SQLException {
        Timestamp from = rs.getTimestamp("valid_from");
        Timestamp until = rs.getTimestamp("valid_until");
        long cap = rs.getLong("daily_cap");
        Long dailyCap = rs.wasNull() ? null : cap;
        return new EarningRule(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("type"),
                rs.getString("category"),
                rs.getString("channel"),
                rs.getBigDecimal("multiplier"),
                dailyCap,
                from == null ? null : from.toInstant(),
                until == null ? null : until.toInstant(),
                rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getLong("version"));
    }
}
