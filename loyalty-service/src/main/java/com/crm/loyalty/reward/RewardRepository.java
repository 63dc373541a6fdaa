package com.crm.loyalty.reward;

import com.crm.support.paging.KeysetCursor;
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
class RewardRepository {

    private static final String COLUMNS = "id, name, description, cost_points, stock, active, created_at, version";

    private final JdbcClient jdbc;

    RewardRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Reward> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from reward where id = :id")
                .param("id", id)
                .query(RewardRepository::reward)
                .optional();
    }

    /** Oldest first, after the cursor when given. */
    List<Reward> page(Boolean active, KeysetCursor after, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from reward
                        where (cast(:active as boolean) is null or active = :active)
                          and (cast(:afterAt as timestamptz) is null or (created_at, id) > (:afterAt, :afterId))
                        order by created_at, id limit :limit""")
                .param("active", active)
                .param("afterAt", after == null ? null : Timestamp.from(after.at()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit)
                .query(RewardRepository::reward)
                .list();
    }

    void insert(UUID id, RewardInput in, Instant now) {
        jdbc.sql("""
                insert into reward (id, name, description, cost_points, stock, active, created_at)
                values (:id, :name, :description, :cost, :stock, :active, :now)""")
                .param("id", id)
                .param("name", in.name().strip())
                .param("description", in.description())
                .param("cost", in.costPoints())
                .param("stock", in.stock())
                .param("active", in.active() == null || in.active())
                .param("now", Timestamp.from(now))
                .update();
    }

    boolean update(UUID id, RewardInput in) {
        return jdbc.sql("""
                        update reward set name = :name, description = :description, cost_points = :cost,
                            stock = :stock, active = :active, version = version + 1
                        where id = :id""")
                        .param("id", id)
                        .param("name", in.name().strip())
                        .param("description", in.description())
                        .param("cost", in.costPoints())
                        .param("stock", in.stock())
                        .param("active", in.active() == null || in.active())
                        .update()
                == 1;
    }

    /**
     * Takes {@code quantity} units from an active reward's stock in one conditional update (the row lock holds
     * until commit, so concurrent redemptions never take more than there is).
     *
     * @return the cost per unit, empty when the reward is missing, inactive or short of stock
     */
    Optional<Long> take(UUID id, int quantity) {
        return jdbc.sql("""
                        update reward set stock = case when stock is null then null else stock - :q end
                        where id = :id and active and (stock is null or stock >= :q)
                        returning cost_points""")
                .param("id", id)
                .param("q", quantity)
                .query(Long.class)
                .optional();
    }

    private static Reward reward(ResultSet rs, int n) throws SQLException {
        int stock = rs.getInt("stock");
        Integer stockOrNull = rs.wasNull() ? null : stock;
        return new Reward(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("description"),
                rs.getLong("cost_points"),
                stockOrNull,
                rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getLong("version"));
    }
}
