package com.crm.segmentation.offer;

import com.crm.segmentation.model.AssociationRules;
import com.crm.segmentation.model.NextBestOffer;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Next best offer: association rules learnt on each full run from purchase lines with a product code (baskets =
 * one customer-day, histories = a customer's products up to the run's calibration end), and per customer the best
 * products not excluded, each explained by its rule.
 */
@Service
public class OfferService {

    private static final Logger log = LoggerFactory.getLogger(OfferService.class);

    public record OfferView(String productCode, String score, String explanation, Rule rule) {
    }

    public record Rule(String kind, String antecedent, String consequent, String support, String confidence,
                       String lift, int count) {
    }

    public record Offers(UUID customerId, List<OfferView> items, List<String> excluded) {
    }

    public record Decline(UUID id, UUID customerId, String productCode, String reason, Instant declinedAt) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final OfferProperties properties;
    private final Clock clock;

    OfferService(JdbcClient jdbc, javax.sql.DataSource dataSource, TransactionTemplate transactions,
                 OfferProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.template = new JdbcTemplate(dataSource);
        this.template.setFetchSize(10_000);
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** Mines both rule sets from the lines up to {@code end} and replaces the stored rules; returns their count. */
    public int learn(UUID runId, LocalDate end) {
        Map<String, List<String>> baskets = new HashMap<>();
        transactions.executeWithoutResult(tx -> template.query("""
                select customer_id, day, sku from purchase_line where day <= ? order by customer_id, day""",
                rs -> {
                    baskets.computeIfAbsent(rs.getString(1) + "|" + rs.getDate(2), k -> new ArrayList<>())
                            .add(rs.getString(3));
                }, Date.valueOf(end)));
        Map<String, Set<String>> histories = new HashMap<>();
        baskets.forEach((key, items) -> histories.computeIfAbsent(key.substring(0, key.indexOf('|')),
                k -> new HashSet<>()).addAll(items));
        List<AssociationRules.Rule> rules = new ArrayList<>(AssociationRules.mine("BASKET", baskets.values(),
                properties.minSupport(), properties.minConfidence(), properties.minLift()));
        rules.addAll(AssociationRules.mine("HISTORY", histories.values(), properties.minSupport(),
                properties.minConfidence(), properties.minLift()));
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("delete from offer_rule").update();
            template.batchUpdate("""
                    insert into offer_rule (kind, antecedent, consequent, pair_count, support, confidence, lift,
                                            run_id) values (?, ?, ?, ?, ?, ?, ?, ?)""",
                    rules.stream().map(r -> new Object[] {r.kind(), r.antecedent(), r.consequent(), r.count(),
                            r.support(), r.confidence(), r.lift(), runId}).toList());
        });
        log.info("Offer rules: {} from {} baskets and {} histories", rules.size(), baskets.size(), histories.size());
        return rules.size();
    }

    public Offers offers(UUID customerId, int limit) {
        requireKnown(customerId);
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        Set<String> bought = new HashSet<>(jdbc.sql("select distinct sku from purchase_line where customer_id = :id")
                .param("id", customerId).query(String.class).list());
        Set<String> excluded = new java.util.TreeSet<>(jdbc.sql("""
                select sku from purchase_line where customer_id = :id and day > :since
                union select product_code from complaint_product where customer_id = :id and open
                union select product_code from offer_decline where customer_id = :id and declined_at > :declined""")
                .param("id", customerId).param("since", today.minusDays(properties.boughtExclusionDays()))
                .param("declined", Timestamp.from(now.minus(java.time.Duration.ofDays(
                        properties.declineWindowDays()))))
                .query(String.class).list());
        List<AssociationRules.Rule> rules = bought.isEmpty() ? List.of() : jdbc.sql("""
                select * from offer_rule where antecedent in (:bought)""").param("bought", bought)
                .query((rs, n) -> new AssociationRules.Rule(rs.getString("kind"), rs.getString("antecedent"),
                        rs.getString("consequent"), rs.getInt("pair_count"), rs.getDouble("support"),
                        rs.getDouble("confidence"), rs.getDouble("lift"))).list();
        List<OfferView> items = NextBestOffer.rank(bought, excluded, false, rules, limit).stream()
                .map(o -> new OfferView(o.product(), num(o.score()), o.explanation(), view(o.rule()))).toList();
        return new Offers(customerId, items, List.copyOf(excluded));
    }

    @Transactional
    public Decline decline(UUID customerId, String productCode, String reason) {
        requireKnown(customerId);
        Decline d = new Decline(UUID.randomUUID(), customerId, productCode.strip(), reason,
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        jdbc.sql("""
                insert into offer_decline (id, customer_id, product_code, reason, declined_at)
                values (:id, :customer, :product, :reason, :at)""")
                .param("id", d.id()).param("customer", customerId).param("product", d.productCode())
                .param("reason", reason).param("at", Timestamp.from(d.declinedAt())).update();
        return d;
    }

    /** One of the customer's declines, inside the window or not; empty when unknown or another customer's. */
    public java.util.Optional<Decline> decline(UUID customerId, UUID declineId) {
        return jdbc.sql("select * from offer_decline where id = :decline and customer_id = :id")
                .param("decline", declineId).param("id", customerId)
                .query(OfferService::declineRow).optional();
    }

    /** Withdraws a decline recorded by mistake: the product may be offered again at once. */
    @Transactional
    public void withdraw(UUID customerId, UUID declineId) {
        jdbc.sql("delete from offer_decline where id = :decline and customer_id = :id")
                .param("decline", declineId).param("id", customerId).update();
    }

    /** Declines still in the window, newest first, after the previous page's last one when {@code after} is given. */
    public List<Decline> declines(UUID customerId, KeysetCursor after, int limit) {
        return jdbc.sql("""
                select * from offer_decline where customer_id = :id and declined_at > :since
                  and (cast(:beforeAt as timestamptz) is null
                       or (declined_at, id) < (cast(:beforeAt as timestamptz), cast(:beforeId as uuid)))
                order by declined_at desc, id desc limit :limit""")
                .param("id", customerId).param("limit", limit)
                .param("beforeAt", after == null ? null : Timestamp.from(after.at()))
                .param("beforeId", after == null ? null : after.id())
                .param("since", Timestamp.from(clock.instant().minus(java.time.Duration.ofDays(
                        properties.declineWindowDays()))))
                .query(OfferService::declineRow).list();
    }

    private static Decline declineRow(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Decline(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getString("product_code"), rs.getString("reason"), rs.getTimestamp("declined_at").toInstant());
    }

    private void requireKnown(UUID customerId) {
        boolean known = jdbc.sql("""
                select exists (select 1 from customer_profile where customer_id = :id and status = 'ACTIVE')
                    or (not exists (select 1 from customer_profile where customer_id = :id)
                        and exists (select 1 from purchase where customer_id = :id))""")
                .param("id", customerId).query(Boolean.class).single();
        if (!known) {
            throw ApiException.notFound("customer", customerId);
        }
    }

    private static Rule view(AssociationRules.Rule r) {
        return new Rule(r.kind(), r.antecedent(), r.consequent(), num(r.support()), num(r.confidence()),
                num(r.lift()), r.count());
    }

    static String num(double v) {
        return java.math.BigDecimal.valueOf(v).setScale(4, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
