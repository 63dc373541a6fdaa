package com.crm.segmentation.offer;

import com.crm.segmentation.access.CustomerAccess;
import com.crm.segmentation.model.AssociationRules;
import com.crm.segmentation.model.NextBestOffer;
import com.crm.segmentation.risk.RiskHolds;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    public record OfferView(String productCode, String score, String explanation, Rule rule) {}

    public record Rule(
            String kind,
            String antecedent,
            String consequent,
            String support,
            String confidence,
            String lift,
            int count) {}

    /**
     * {@code withheld}: why no product is offered at all, null when offers are given: {@code CONFIRMED_FRAUD} (the
     * customer is under a fraud hold) or {@code PROFILING_NOT_ALLOWED} (the customer withdrew, or never allowed,
     * PROFILING: no offer is chosen from their data).
     */
    public record Offers(UUID customerId, List<OfferView> items, List<String> excluded, String withheld) {}

    static final String PROFILING_WITHHELD = "PROFILING_NOT_ALLOWED";

    public record Decline(UUID id, UUID customerId, String productCode, String reason, Instant declinedAt) {}

    private final OfferRepository repository;
    private final TransactionTemplate transactions;
    private final OfferProperties properties;
    private final Clock clock;
    private final CustomerAccess access;
    private final RiskHolds risk;

    OfferService(
            OfferRepository repository,
            TransactionTemplate transactions,
            OfferProperties properties,
            Clock clock,
            CustomerAccess access,
            RiskHolds risk) {
        this.access = access;
        this.risk = risk;
        this.repository = repository;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** Mines both rule sets from the lines up to {@code end} and replaces the stored rules; returns their count. */
    public int learn(UUID runId, LocalDate end) {
        Map<String, List<String>> baskets = transactions.execute(tx -> repository.baskets(end));
        Map<String, Set<String>> histories = new HashMap<>();
        baskets.forEach((key, items) -> histories
                .computeIfAbsent(key.substring(0, key.indexOf('|')), k -> new HashSet<>())
                .addAll(items));
        List<AssociationRules.Rule> rules = new ArrayList<>(AssociationRules.mine(
                "BASKET", baskets.values(), properties.minSupport(), properties.minConfidence(), properties.minLift()));
        rules.addAll(AssociationRules.mine(
                "HISTORY",
                histories.values(),
                properties.minSupport(),
                properties.minConfidence(),
                properties.minLift()));
        transactions.executeWithoutResult(tx -> repository.replaceRules(rules, runId));
        log.info("Offer rules: {} from {} baskets and {} histories", rules.size(), baskets.size(), histories.size());
        return rules.size();
    }

    public Offers offers(UUID customerId, int limit) {
        requireKnown(customerId);
        if (risk.held(customerId)) {
            return new Offers(customerId, List.of(), List.of(), RiskHolds.CONFIRMED_FRAUD);
        }
        if (!repository.profilingAllowed(customerId)) {
            return new Offers(customerId, List.of(), List.of(), PROFILING_WITHHELD);
        }
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        Set<String> bought = new HashSet<>(repository.boughtProducts(customerId));
        Set<String> excluded = new TreeSet<>(repository.excludedProducts(
                customerId,
                today.minusDays(properties.boughtExclusionDays()),
                now.minus(Duration.ofDays(properties.declineWindowDays()))));
        List<AssociationRules.Rule> rules = bought.isEmpty() ? List.of() : repository.rulesFrom(bought);
        List<OfferView> items = NextBestOffer.rank(bought, excluded, false, rules, limit).stream()
                .map(o -> new OfferView(o.product(), num(o.score()), o.explanation(), view(o.rule())))
                .toList();
        return new Offers(customerId, items, List.copyOf(excluded), null);
    }

    @Transactional
    public Decline decline(UUID customerId, String productCode, String reason) {
        requireKnown(customerId);
        Decline d = new Decline(
                UUID.randomUUID(),
                customerId,
                productCode.strip(),
                reason,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        repository.insertDecline(d);
        return d;
    }

    /**
     * One of the customer's declines, inside the window or not; empty when unknown or another customer's. A customer
     * outside the caller's visibility is a 404 (record-level access), as in every call below.
     */
    public Optional<Decline> decline(UUID customerId, UUID declineId) {
        access.refuseHidden(customerId);
        return repository.decline(customerId, declineId);
    }

    /** Withdraws a decline recorded by mistake: the product may be offered again at once. */
    @Transactional
    public void withdraw(UUID customerId, UUID declineId) {
        access.refuseHidden(customerId);
        repository.deleteDecline(customerId, declineId);
    }

    /** Declines still in the window, newest first, after the previous page's last one when {@code after} is given. */
    public List<Decline> declines(UUID customerId, KeysetCursor after, int limit) {
        access.refuseHidden(customerId);
        return repository.declines(
                customerId, clock.instant().minus(Duration.ofDays(properties.declineWindowDays())), after, limit);
    }

    /** 404 for an unknown customer, and the same for one outside the caller's visibility. */
    private void requireKnown(UUID customerId) {
        if (!repository.known(customerId) || !access.visible(customerId)) {
            throw ApiException.notFound("customer", customerId);
        }
    }

    private static Rule view(AssociationRules.Rule r) {
        return new Rule(
                r.kind(),
                r.antecedent(),
                r.consequent(),
                num(r.support()),
                num(r.confidence()),
                num(r.lift()),
                r.count());
    }

    static String num(double v) {
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).toPlainString();
    }
}
