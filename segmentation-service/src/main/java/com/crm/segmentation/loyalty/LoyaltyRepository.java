package com.crm.segmentation.loyalty;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each member's balance and level, and the points movements by day ({@code loyalty_member}, {@code loyalty_movement}). */
@Repository
class LoyaltyRepository {

    enum Movement {
        EARNED,
        REDEEMED,
        EXPIRED,
        REVERSED
    }

    private final JdbcClient jdbc;

    LoyaltyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A coupon issued to the customer; a redelivery changes nothing, a redemption seen first keeps its time. */
    void couponIssued(UUID couponId, UUID customerId, String campaign, Instant issuedAt) {
        jdbc.sql("""
                        insert into loyalty_coupon (coupon_id, customer_id, campaign, issued_at)
                        values (:coupon, :customer, :campaign, :at)
                        on conflict (coupon_id) do update set issued_at = excluded.issued_at,
                            campaign = coalesce(loyalty_coupon.campaign, excluded.campaign)
                        where loyalty_coupon.issued_at is null""")
                .param("coupon", couponId)
                .param("customer", customerId)
                .param("campaign", campaign)
                .param("at", Timestamp.from(issuedAt))
                .update();
    }

    /** The coupon's redemption (once: a later redelivery keeps the first time). */
    void couponRedeemed(UUID couponId, UUID customerId, String campaign, Instant redeemedAt) {
        jdbc.sql("""
                        insert into loyalty_coupon (coupon_id, customer_id, campaign, redeemed_at)
                        values (:coupon, :customer, :campaign, :at)
                        on conflict (coupon_id) do update set redeemed_at = excluded.redeemed_at
                        where loyalty_coupon.redeemed_at is null""")
                .param("coupon", couponId)
                .param("customer", customerId)
                .param("campaign", campaign)
                .param("at", Timestamp.from(redeemedAt))
                .update();
    }

    /** The member's balance as of {@code at} (when loyalty-service recorded it); an older one changes nothing. */
    void balance(UUID customerId, long balance, Instant at) {
        jdbc.sql("""
                        insert into loyalty_member (customer_id, balance, balance_at) values (:c, :balance, :at)
                        on conflict (customer_id) do update set balance = excluded.balance, balance_at = excluded.balance_at
                        where loyalty_member.balance_at is null or loyalty_member.balance_at <= excluded.balance_at""")
                .param("c", customerId)
                .param("balance", balance)
                .param("at", Timestamp.from(at))
                .update();
    }

    void level(UUID customerId, String level, Instant at) {
        jdbc.sql("""
                        insert into loyalty_member (customer_id, level_code, level_at) values (:c, :level, :at)
                        on conflict (customer_id) do update set level_code = excluded.level_code, level_at = excluded.level_at
                        where loyalty_member.level_at is null or loyalty_member.level_at <= excluded.level_at""")
                .param("c", customerId)
                .param("level", level)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** A movement of the points outstanding, once per journal entry; {@code points} signed. */
    void movement(UUID entryId, UUID customerId, Instant at, Movement kind, long points) {
        jdbc.sql("""
                        insert into loyalty_movement (entry_id, customer_id, day, kind, points)
                        values (:entry, :c, :day, :kind, :points) on conflict (entry_id) do nothing""")
                .param("entry", entryId)
                .param("c", customerId)
                .param("day", at.atOffset(ZoneOffset.UTC).toLocalDate())
                .param("kind", kind.name())
                .param("points", points)
                .update();
    }
}
