package com.crm.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssociationRulesTest {

    // N = 7: A in 5, B in 4, C in 3, D in 1, E in 1; pairs AB 3, AC 2, BC 1, BD 1, AE 1, CE 1
    static final List<String[]> BASKETS = List.of(
            new String[] {"A", "B"},
            new String[] {"C"},
            new String[] {"A", "B", "C"},
            new String[] {"A", "B"},
            new String[] {"B", "D"},
            new String[] {"A", "C", "E"},
            new String[] {"A"});

    private static AssociationRules.Rule rule(List<AssociationRules.Rule> rules, String x, String y) {
        return rules.stream()
                .filter(r -> r.antecedent().equals(x) && r.consequent().equals(y))
                .findFirst()
                .orElse(null);
    }

    @Test
    void supportConfidenceAndLiftAreTheHandComputedOnes() {
        var rules = AssociationRules.mine("BASKET", BASKETS, 0.0, 0.0);
        var ab = rule(rules, "A", "B");
        assertThat(ab.count()).isEqualTo(3);
        assertThat(ab.support()).isCloseTo(3.0 / 7, within(1e-12));
        assertThat(ab.confidence()).isCloseTo(3.0 / 5, within(1e-12));
        assertThat(ab.lift()).isCloseTo((3.0 / 5) / (4.0 / 7), within(1e-12));
        var ba = rule(rules, "B", "A");
        assertThat(ba.confidence()).isCloseTo(3.0 / 4, within(1e-12));
        assertThat(ba.lift()).isCloseTo((3.0 / 4) / (5.0 / 7), within(1e-12));
        var bd = rule(rules, "B", "D");
        assertThat(bd.lift()).isCloseTo((1.0 / 4) / (1.0 / 7), within(1e-12));
        // 6 pairs, both directions
        assertThat(rules).hasSize(12);
        assertThat(rule(rules, "D", "E")).isNull();
    }

    @Test
    void thresholdsPruneRulesAndRareItems() {
        var rules =
                AssociationRules.mine("BASKET", BASKETS.stream().map(List::of).toList(), 2.0 / 7, 0.5, 1.0);
        // only AB (3) and AC (2) reach support 2/7; A->C has confidence 0.4, C->A (2/3) has lift 0.93
        assertThat(rules).extracting(r -> r.antecedent() + r.consequent()).containsExactlyInAnyOrder("AB", "BA");
        var noLift =
                AssociationRules.mine("BASKET", BASKETS.stream().map(List::of).toList(), 2.0 / 7, 0.5, 0);
        assertThat(rule(noLift, "C", "A").confidence()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(rule(noLift, "C", "A").lift()).isCloseTo((2.0 / 3) / (5.0 / 7), within(1e-12));
    }

    @Test
    void duplicatesInsideATransactionCountOnce() {
        var rules = AssociationRules.mine("BASKET", List.of(List.of("A", "A", "B"), List.of("B")), 0, 0, 0);
        assertThat(rule(rules, "A", "B").confidence()).isEqualTo(1.0);
        assertThat(rule(rules, "B", "A").confidence()).isEqualTo(0.5);
        assertThat(AssociationRules.mine("BASKET", List.<Set<String>>of(), 0, 0, 0))
                .isEmpty();
    }
}
