package com.crm.segmentation.offer;

import com.crm.segmentation.model.AssociationRules;
import com.crm.support.paging.KeysetCursor;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Offer rules ({@code offer_rule}), declines ({@code offer_decline}) and the purchase lines they learn from. */
@Repository
class OfferRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    OfferRepository(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.template = new JdbcTemplate(dataSource);
        this.template.setFetchSize(10_000);
    }

    /**
     * Products per basket (customer|day) up to {@code end}; streamed (fetch size) only inside a transaction, as
     * PostgreSQL uses a cursor only without auto-commit.
     */
    Map<String, List<String>> baskets(LocalDate end) {
        Map<String, List<String>> baskets = new HashMap<>();
        template.query(
                """
                select customer_id, day, sku from purchase_line where day <= ? order by customer_id, day""",
                rs -> {
                    baskets.computeIfAbsent(rs.getString(1) + "|" + rs.getDate(2), k -> new ArrayList<>())
                            .add(rs.getString(3));
                },
                Date.valueOf(end));
        return baskets;
    }

    /** Replaces every stored rule in one batch. */
    void replaceRules(List<AssociationRules.Rule> rules, UUID runId) {
        jdbc.sql("delete from offer_rule").update();
        template.batchUpdate(
                """
                insert into offer_rule (kind, antecedent, consequent, pair_count, support, confidence, lift,
                                        run_id) values (?, ?, ?, ?, ?, ?, ?, ?)""",
                rules.stream()
                        .map(r -> new Object[] {
                            r.kind(),
                            r.antecedent(),
                            r.consequent(),
                            r.count(),
                            r.support(),
                            r.confidence(),
                            r.lift(),
                            runId
                        })
                        .toList());
    }

    List<String> boughtProducts(UUID customerId) {
        return jdbc.sql("select distinct sku from purchase_line where customer_id = :id")
                .param("id", customerId)
                .query(String.class)
                .list();
    }

    /** Bought since {@code boughtSince}, named in an open complaint, or declined since {@code declinedSince}. */
    List<String> excludedProducts(UUID customerId, LocalDate boughtSince, Instant declinedSince) {
        return jdbc.sql("""
                select sku from purchase_line where customer_id = :id and day > :since
                union select product_code from complaint_product where customer_id = :id and open
                union select product_code from offer_decline where customer_id = :id and declined_at > :declined""")
                .param("id", customerId)
                .param("since", boughtSince)
                .param("declined", Timestamp.from(declinedSince))
                .query(String.class)
                .list();
    }

    List<AssociationRules.Rule> rulesFrom(Collection<String> antecedents) {
        return jdbc.sql("select * from offer_rule where antecedent in (:bought)")
                .param("bought", antecedents)
                .query((rs, n) -> new AssociationRules.Rule(
                        rs.getString("kind"),
                        rs.getString("antecedent"),
                        rs.getString("consequent"),
                        rs.getInt("pair_count"),
                        rs.getDouble("support"),
                        rs.getDouble("confidence"),
                        rs.getDouble("lift")))
                .list();
    }

    void insertDecline(OfferService.Decline d) {
        jdbc.sql("""
                insert into offer_decline (id, customer_id, product_code, reason, declined_at)
                values (:id, :customer, :product, :reason, :at)""")
                .param("id", d.id())
                .param("customer", d.customerId())
                .param("product", d.productCode())
                .param("reason", d.reason())
                .param("at", Timestamp.from(d.declinedAt()))
                .update();
    }

    Optional<OfferService.Decline> decline(UUID customerId, UUID declineId) {
        return jdbc.sql("select * from offer_decline where id = :decline and customer_id = :id")
                .param("decline", declineId)
                .param("id", customerId)
                .query(OfferRepository::declineRow)
                .optional();
    }

    void deleteDecline(UUID customerId, UUID declineId) {
        jdbc.sql("delete from offer_decline where id = :decline and customer_id = :id")
                .param("decline", declineId)
                .param("id", customerId)
                .update();
    }

    /** Declines since {@code since}, newest first, after {@code after} when given. */
    List<OfferService.Decline> declines(UUID customerId, Instant since, KeysetCursor after, int limit) {
        return jdbc.sql("""
                select * from offer_decline where customer_id = :id and declined_at > :since
                  and (cast(:beforeAt as timestamptz) is null
                       or (declined_at, id) < (cast(:beforeAt as timestamptz), cast(:beforeId as uuid)))
                order by declined_at desc, id desc limit :limit""")
                .param("id", customerId)
                .param("limit", limit)
                .param("beforeAt", after == null ? null : Timestamp.from(after.at()))
                .param("beforeId", after == null ? null : after.id())
                .param("since", Timestamp.from(since))
                .query(OfferRepository::declineRow)
                .list();
    }

    /** No decision of the customer stops PROFILING (see {@code customer_purpose}). */
    boolean profilingAllowed(UUID customerId) {
        return jdbc.sql("""
                        select not exists (select 1 from customer_purpose where customer_id = :id
                            and purpose = 'PROFILING' and channel = 'ALL' and status <> 'GRANTED')""").param("id", customerId).query(Boolean.class).single();
    }

    /** An active customer, or one known only from purchases (no profile event yet). */
    boolean known(UUID customerId) {
        return jdbc.sql("""
                select exists (select 1 from customer_profile where customer_id = :id and status = 'ACTIVE')
                    or (not exists (select 1 from customer_profile where customer_id = :id)
                        and exists (select 1 from purchase where customer_id = :id))""").param("id", customerId).query(Boolean.class).single();
    }

    private static OfferService.Decline declineRow(ResultSet rs, int row) throws SQLException {
        return new OfferService.Decline(
                rs.getObject("id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                rs.getString("product_code"),
                rs.getString("reason"),
                rs.getTimestamp("declined_at").toInstant());
    }
}
