package com.crm.loyalty.reward;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RedemptionRepository {

    private final JdbcClient jdbc;

    RedemptionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Stored(
            UUID id,
            UUID memberId,
            UUID customerId,
            UUID rewardId,
            int quantity,
            long points,
            long balanceAfter,
            Instant redeemedAt) {}

    Optional<Stored> find(UUID id) {
        return jdbc.sql("""
                        select r.id, r.member_id, m.customer_id, r.reward_id, r.quantity, r.points, r.balance_after,
                            r.redeemed_at
                        from redemption r join loyalty_member m on m.id = r.member_id where r.id = :id""")
                .param("id", id)
                .query((rs, n) -> new Stored(
                        rs.getObject("id", UUID.class),
                        rs.getObject("member_id", UUID.class),
                        rs.getObject("customer_id", UUID.class),
                        rs.getObject("reward_id", UUID.class),
                        rs.getInt("quantity"),
                        rs.getLong("points"),
                        rs.getLong("balance_after"),
                        rs.getTimestamp("redeemed_at").toInstant()))
                .optional();
    }

    /**
     * Claims the redemption id (a concurrent request with the same id waits here until the first commits or rolls
     * back).
     *
     * @return false when the id is taken
     */
    boolean claim(UUID id, UUID memberId, UUID rewardId, int quantity, Instant now) {
        return jdbc.sql("""
                        insert into redemption (id, member_id, reward_id, quantity, points, balance_after, redeemed_at)
                        values (:id, :m, :r, :q, 0, 0, :now) on conflict (id) do nothing""")
                        .param("id", id)
                        .param("m", memberId)
                        .param("r", rewardId)
                        .param("q", quantity)
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    void complete(UUID id, long points, long balanceAfter, UUID entryId) {
        jdbc.sql("update redemption set points = :p, balance_after = :b, entry_id = :e where id = :id")
                .param("p", points)
                .param("b", balanceAfter)
                .param("e", entryId)
                .param("id", id)
                .update();
    }
}
