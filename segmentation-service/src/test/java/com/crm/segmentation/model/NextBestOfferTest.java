package com.crm.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NextBestOfferTest {

    private static List<AssociationRules.Rule> rules() {
        List<AssociationRules.Rule> rules = new ArrayList<>(AssociationRules.mine(
                "BASKET", AssociationRulesTest.BASKETS.stream().map(List::of).toList(), 0.01, 0.1, 1.0));
        // histories: {A,B,C} x2, {A,B}, {B,D}, {A,C,E}, {A}
        rules.addAll(AssociationRules.mine(
                "HISTORY",
                List.of(
                        List.of("A", "B", "C"),
                        List.of("A", "B", "C"),
                        List.of("A", "B"),
                        List.of("B", "D"),
                        List.of("A", "C", "E"),
                        List.of("A")),
                0.01,
                0.1,
                1.0));
        return rules;
    }

    @Test
    void bestRuleWinsAndExplainsTheOffer() {
        var offers = NextBestOffer.rank(Set.of("A"), Set.of(), true, rules(), 5);
        // C: history A->C 0.6 (lift 1.2); B: basket A->B 0.6 (lift 1.05); E: 0.2 basket (lift 1.4) over history (1.2)
        assertThat(offers).extracting(NextBestOffer.Offer::product).containsExactly("C", "B", "E");
        assertThat(offers.get(0).score()).isEqualTo(0.6);
        assertThat(offers.get(0).rule().kind()).isEqualTo("HISTORY");
        assertThat(offers.get(0).explanation()).isEqualTo("bought A; customers who bought A bought C, lift 1.2");
        assertThat(offers.get(2).rule().kind()).isEqualTo("BASKET");
        assertThat(offers.get(2).explanation())
                .isEqualTo("bought A; customers who bought A bought E in the same basket, lift 1.4");
    }

    @Test
    void exclusionsAndOwnedProductsAreNeverOffered() {
        var offers = NextBestOffer.rank(Set.of("A", "B"), Set.of("D"), true, rules(), 5);
        assertThat(offers).extracting(NextBestOffer.Offer::product).containsExactly("C", "E");
        assertThat(NextBestOffer.rank(Set.of("A"), Set.of(), true, rules(), 1)).hasSize(1);
        assertThat(NextBestOffer.rank(Set.of(), Set.of(), true, rules(), 5)).isEmpty();
    }
}
