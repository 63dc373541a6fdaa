package com.crm.loyalty.earning;

import com.crm.loyalty.earning.ProportionalReversal.Accrued;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** Purchases that earned, refunds applied and survey responses rewarded: each once. */
@Repository
class AccrualRepository {

    private final JdbcClient jdbc;

    AccrualRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean accrued(UUID purchaseId) {
        return jdbc.sql("select exists (select 1 from purchase_accrual where purchase_id = :p)")
                .param("p", purchaseId)
                .query(Boolean.class)
                .single();
    }

    /** Of these purchases, those that already accrued. */
    java.util.Set<UUID> accruedAmong(java.util.Collection<UUID> purchaseIds) {
        return new java.util.HashSet<>(
                jdbc.sql("select purchase_id from purchase_accrual where purchase_id = any(cast(:p as uuid[]))")
                        .param("p", new SqlArrayValue("uuid", purchaseIds.toArray()))
                        .query(UUID.class)
                        .list());
    }

    record NewAccrual(
            UUID purchaseId, UUID memberId, BigDecimal amount, String currency, long points, Instant occurredAt) {}

    /**
     * Inserts the accruals with one statement (arrays unnested, not one execution per row).
     *
     * @return the purchases inserted; one missing had already accrued
     */
    Set<UUID> insertAccruals(List<NewAccrual> rows) {
        if (rows.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        insert into purchase_accrual (purchase_id, member_id, amount, currency, points, occurred_at)
                        select p, m, amount, currency, points, at
                        from unnest(cast(:p as uuid[]), cast(:m as uuid[]), cast(:amount as numeric[]),
                            cast(:currency as varchar[]), cast(:points as bigint[]), cast(:at as timestamptz[]))
                            as r(p, m, amount, currency, points, at)
                        on conflict (purchase_id) do nothing
                        returning purchase_id""")
                .param("p", array("uuid", rows.stream().map(NewAccrual::purchaseId)))
                .param("m", array("uuid", rows.stream().map(NewAccrual::memberId)))
                .param("amount", array("text", rows.stream().map(r -> r.amount().toPlainString())))
                .param("currency", array("text", rows.stream().map(NewAccrual::currency)))
                .param("points", array("bigint", rows.stream().map(NewAccrual::points)))
                .param("at", array("text", rows.stream().map(r -> r.occurredAt().toString())))
                .query(UUID.class)
                .list());
    }

    /** Timestamps and decimals travel as text (ISO-8601 instants, plain decimals): exact, and zone-independent. */
    private static SqlArrayValue array(String type, Stream<?> values) {
        return new SqlArrayValue(type, values.toArray());
    }

    /** @return false when the purchase had already accrued */
    boolean insertAccrual(
            UUID purchaseId, UUID memberId, BigDecimal amount, String currency, long points, Instant occurredAt) {
        return jdbc.sql("""
                        insert into purchase_accrual (purchase_id, member_id, amount, currency, points, occurred_at)
                        values (:p, :m, :amount, :currency, :points, :at) on conflict (purchase_id) do nothing""")
                        .param("p", purchaseId)
                        .param("m", memberId)
                        .param("amount", amount)
                        .param("currency", currency)
                        .param("points", points)
                        .param("at", Timestamp.from(occurredAt))
                        .update()
                == 1;
    }

    /** Points the member earned from purchases on the UTC day of {@code at}. */
    long earnedOnDay(UUID memberId, Instant at) {
        Instant day = at.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        return jdbc.sql("""
                        select coalesce(sum(points), 0) from purchase_accrual
                        where member_id = :m and occurred_at >= :from and occurred_at < :until""")
                .param("m", memberId)
                .param("from", Timestamp.from(day))
                .param("until", Timestamp.from(day.plus(1, ChronoUnit.DAYS)))
                .query(Long.class)
                .single();
    }

    /** @return false when the refund had already been applied */
    boolean insertRefund(UUID refundId, UUID memberId, BigDecimal amount, long points, long debt, Instant at) {
        return jdbc.sql("""
                        insert into purchase_refund (refund_id, member_id, amount, points, debt, occurred_at)
                        values (:r, :m, :amount, :points, :debt, :at) on conflict (refund_id) do nothing""")
                        .param("r", refundId)
                        .param("m", memberId)
                        .param("amount", amount)
                        .param("points", points)
                        .param("debt", debt)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    boolean refunded(UUID refundId) {
        return jdbc.sql("select exists (select 1 from purchase_refund where refund_id = :r)")
                .param("r", refundId)
                .query(Boolean.class)
                .single();
    }

    void updateRefund(UUID refundId, long points, long debt) {
        jdbc.sql("update purchase_refund set points = :p, debt = :d where refund_id = :r")
                .param("p", points)
                .param("d", debt)
                .param("r", refundId)
                .update();
    }

    /**
     * The purchases a refund may refund: the one with {@code purchaseId} when it accrued (a refund that names its
     * purchase), else the member's purchases in {@code currency} not wholly refunded, newest first.
     */
    List<Accrued> refundable(UUID memberId, UUID purchaseId, String currency) {
        List<Accrued> named = jdbc.sql("""
                        select purchase_id, amount, points, refunded_amount, reversed_points from purchase_accrual
                        where purchase_id = :p and member_id = :m""")
                .param("p", purchaseId)
                .param("m", memberId)
                .query((rs, n) -> accrued(rs))
                .list();
        if (!named.isEmpty()) {
            return named;
        }
        return jdbc.sql("""
                        select purchase_id, amount, points, refunded_amount, reversed_points from purchase_accrual
                        where member_id = :m and refunded_amount < amount
                          and (cast(:currency as text) is null or currency is null or currency = :currency)
                        order by occurred_at desc, purchase_id desc limit 1000""")
                .param("m", memberId)
                .param("currency", currency)
                .query((rs, n) -> accrued(rs))
                .list();
    }

    void reversed(UUID purchaseId, BigDecimal refunded, long points) {
        jdbc.sql("""
                update purchase_accrual set refunded_amount = refunded_amount + :refunded,
                    reversed_points = reversed_points + :points
                where purchase_id = :p""")
                .param("refunded", refunded)
                .param("points", points)
                .param("p", purchaseId)
                .update();
    }

    /** @return false when the response had already been rewarded */
    boolean insertFeedbackAward(UUID responseId, UUID memberId, long points, Instant at) {
        return jdbc.sql("""
                        insert into feedback_award (response_id, member_id, points, awarded_at)
                        values (:r, :m, :points, :at) on conflict (response_id) do nothing""")
                        .param("r", responseId)
                        .param("m", memberId)
                        .param("points", points)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    /** @return whether this customer brought in had not been rewarded yet (and now is) */
    boolean insertReferralAward(UUID referred, UUID referrer, UUID memberId, long points, Instant at) {
        return jdbc.sql("""
                        insert into referral_award (referred_customer_id, referrer_customer_id, member_id, points,
                            awarded_at)
                        values (:referred, :referrer, :m, :points, :at) on conflict (referred_customer_id) do nothing""")
                        .param("referred", referred)
                        .param("referrer", referrer)
                        .param("m", memberId)
                        .param("points", points)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    void forgetReferrals(UUID customerId) {
        jdbc.sql("delete from referral_award where referred_customer_id = :id or referrer_customer_id = :id")
                .param("id", customerId)
                .update();
    }

    private static Accrued accrued(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Accrued(
                rs.getObject("purchase_id", UUID.class),
                rs.getBigDecimal("amount"),
                rs.getLong("points"),
                rs.getBigDecimal("refunded_amount"),
                rs.getLong("reversed_points"));
    }
}
