package com.crm.loyalty.coupon;

import com.crm.support.paging.KeysetCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CouponRepository {

    private static final String COLUMNS = """
            id, code, customer_id, campaign, status, valid_from, valid_until, issued_at, redeemed_at, revoked_at""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;

    CouponRepository(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    void insertAll(List<Coupon> coupons) {
        MapSqlParameterSource[] rows = coupons.stream()
                .map(c -> new MapSqlParameterSource()
                        .addValue("id", c.id())
                        .addValue("code", c.code())
                        .addValue("c", c.customerId())
                        .addValue("campaign", c.campaign())
                        .addValue("from", Timestamp.from(c.validFrom()))
                        .addValue("until", Timestamp.from(c.validUntil()))
                        .addValue("at", Timestamp.from(c.issuedAt())))
                .toArray(MapSqlParameterSource[]::new);
        batch.batchUpdate("""
                insert into coupon (id, code, customer_id, campaign, status, valid_from, valid_until, issued_at)
                values (:id, :code, :c, :campaign, 'ISSUED', :from, :until, :at)""", rows);
    }

    Optional<Coupon> findByCode(String code) {
        return jdbc.sql("select " + COLUMNS + " from coupon where code = :code")
                .param("code", code)
                .query(CouponRepository::coupon)
                .optional();
    }

    /** Redeems an issued coupon valid at {@code now}, once: one conditional update. */
    Optional<Coupon> redeem(String code, Instant now) {
        return jdbc.sql("update coupon set status = 'REDEEMED', redeemed_at = :now where code = :code"
                        + " and status = 'ISSUED' and valid_from <= :now and valid_until > :now returning " + COLUMNS)
                .param("code", code)
                .param("now", Timestamp.from(now))
                .query(CouponRepository::coupon)
                .optional();
    }

    Optional<Coupon> revoke(String code, Instant now) {
        return jdbc.sql("update coupon set status = 'REVOKED', revoked_at = :now where code = :code"
                        + " and status = 'ISSUED' returning " + COLUMNS)
                .param("code", code)
                .param("now", Timestamp.from(now))
                .query(CouponRepository::coupon)
                .optional();
    }

    /** Newest first. */
    List<Coupon> ofCustomer(UUID customerId, KeysetCursor after, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from coupon where customer_id = :c
                          and (cast(:afterAt as timestamptz) is null or (issued_at, id) < (:afterAt, :afterId))
                        order by issued_at desc, id desc limit :limit""")
                .param("c", customerId)
                .param("afterAt", after == null ? null : Timestamp.from(after.at()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit)
                .query(CouponRepository::coupon)
                .list();
    }

    void moveToSurvivor(List<UUID> merged, UUID survivor) {
        if (merged.isEmpty()) {
            return;
        }
        jdbc.sql("update coupon set customer_id = :s where customer_id in (:merged)")
                .param("s", survivor)
                .param("merged", merged)
                .update();
    }

    void revokeAll(UUID customerId, Instant now) {
        jdbc.sql("update coupon set status = 'REVOKED', revoked_at = :now where customer_id = :c and status = 'ISSUED'")
                .param("c", customerId)
                .param("now", Timestamp.from(now))
                .update();
    }

    private static Coupon coupon(ResultSet rs, int n) throws SQLException {
        return new Coupon(
                rs.getObject("id", UUID.class),
                rs.getString("code"),
                rs.getObject("customer_id", UUID.class),
                rs.getString("campaign"),
                rs.getString("status"),
                rs.getTimestamp("valid_from").toInstant(),
                rs.getTimestamp("valid_until").toInstant(),
                rs.getTimestamp("issued_at").toInstant(),
                instant(rs.getTimestamp("redeemed_at")),
                instant(rs.getTimestamp("revoked_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
