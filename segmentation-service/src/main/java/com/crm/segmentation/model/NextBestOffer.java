package com.crm.segmentation.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Ranks products a customer does not hold by the association rules whose antecedent they bought: a product's score
 * is the highest confidence among those rules (the estimated chance of buying it given what explains it), ties
 * broken by higher lift, then basket rules before history rules, then antecedent; the best rule is the explanation.
 */
public final class NextBestOffer {

    public record Offer(String product, double score, AssociationRules.Rule rule) {

        /** "bought X; customers who bought X bought Y, lift 3.2" (lift to 2 decimals; "in the same basket" for basket rules). */
        public String explanation() {
            return String.format(
                    Locale.ROOT,
                    "bought %s; customers who bought %s bought %s%s, lift %s",
                    rule.antecedent(),
                    rule.antecedent(),
                    rule.consequent(),
                    "BASKET".equals(rule.kind()) ? " in the same basket" : "",
                    BigDecimal.valueOf(rule.lift())
                            .setScale(2, RoundingMode.HALF_UP)
                            .stripTrailingZeros()
                            .toPlainString());
        }
    }

    private static final Comparator<AssociationRules.Rule> BETTER = Comparator.comparingDouble(
                    AssociationRules.Rule::confidence)
            .reversed()
            .thenComparing(
                    Comparator.comparingDouble(AssociationRules.Rule::lift).reversed())
            .thenComparing(r -> "BASKET".equals(r.kind()) ? 0 : 1)
            .thenComparing(AssociationRules.Rule::antecedent);

    private NextBestOffer() {}

    /**
     * @param bought   products that may explain an offer (antecedents)
     * @param excluded products never offered (bought recently, complained about, declined), besides {@code bought}
     *                 when {@code excludeBought}
     * @param rules    candidate rules (any whose antecedent is in {@code bought})
     */
    public static List<Offer> rank(
            Set<String> bought,
            Set<String> excluded,
            boolean excludeBought,
            Collection<AssociationRules.Rule> rules,
            int limit) {
        Map<String, AssociationRules.Rule> best = new HashMap<>();
        for (AssociationRules.Rule r : rules) {
            String y = r.consequent();
            if (!bought.contains(r.antecedent()) || excluded.contains(y) || (excludeBought && bought.contains(y))) {
                continue;
            }
            best.merge(y, r, (a, b) -> BETTER.compare(a, b) <= 0 ? a : b);
        }
        List<Offer> offers = new ArrayList<>();
        best.forEach((product, rule) -> offers.add(new Offer(product, rule.confidence(), rule)));
        offers.sort(Comparator.comparing((Offer o) -> o.rule(), BETTER).thenComparing(Offer::product));
        return offers.size() > limit ? List.copyOf(offers.subList(0, limit)) : offers;
    }
}
