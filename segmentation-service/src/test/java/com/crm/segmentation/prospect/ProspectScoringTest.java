package com.crm.segmentation.prospect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProspectScoringTest {

    private static final ProspectProperties PROPERTIES = new ProspectProperties(
            null,
            null,
            null,
            new ProspectProperties.Ability(
                    null,
                    List.of(
                            new ProspectProperties.AbilityRule("tag.budget", null, 100_000.0, 0.6, "declared budget"),
                            new ProspectProperties.AbilityRule("industry", List.of("finance"), null, 0.2, null),
                            new ProspectProperties.AbilityRule(
                                    "type", List.of("ORGANIZATION"), null, 0.2, "organisation"))));

    private final ProspectScoring scoring = new ProspectScoring(PROPERTIES);

    private static ProspectScoring.Profile profile(String type, String industry, String... tags) {
        return new ProspectScoring.Profile(type, industry, null, null, null, null, List.of(tags));
    }

    @Test
    void intentAndLargeBudgetArePriorityOneWithBothReasons() {
        var r = scoring.score(new ProspectScoring.Signals(1, 1, 0), profile("PERSON", null, "budget:500000"));
        assertThat(r.priority()).isEqualTo(1);
        assertThat(r.need()).isEqualTo(1.0);
        assertThat(r.ability()).isEqualTo(0.6);
        assertThat(r.reasons())
                .contains(
                        "need: 1 purchase-intent interaction(s) (+0.6)",
                        "need: 1 inquiry(ies) (+0.4)",
                        "ability: declared budget 500000 ≥ 100000 (+0.6)");
    }

    @Test
    void theFourQuadrants() {
        assertThat(scoring.score(
                                new ProspectScoring.Signals(0, 0, 0),
                                profile("ORGANIZATION", "Finance", "budget=250000"))
                        .priority())
                .isEqualTo(2);
        assertThat(scoring.score(new ProspectScoring.Signals(1, 0, 0), profile("PERSON", "retail", "budget:500"))
                        .priority())
                .isEqualTo(3);
        var none = scoring.score(new ProspectScoring.Signals(0, 0, 1), profile("PERSON", null, "vip"));
        assertThat(none.priority()).isEqualTo(4);
        assertThat(none.need()).isEqualTo(0.3);
        assertThat(none.reasons()).containsExactly("need: 1 survey answer(s) showing interest (+0.3)");
        assertThat(scoring.score(new ProspectScoring.Signals(0, 0, 0), profile(null, null))
                        .reasons())
                .containsExactly("no need signal and no ability attribute");
    }

    @Test
    void attributeMatching() {
        var rule = new ProspectProperties.AbilityRule("tag.employees", null, 50.0, 0.3, "organisation size");
        assertThat(ProspectScoring.match(rule, profile(null, null, "Employees:1,200")))
                .contains("1200 ≥ 50");
        assertThat(ProspectScoring.match(rule, profile(null, null, "employees:many")))
                .isEmpty();
        assertThat(ProspectScoring.match(
                        new ProspectProperties.AbilityRule("tags", List.of("VIP"), null, 0.1, null),
                        profile(null, null, "vip")))
                .contains("= vip");
        assertThat(ProspectScoring.match(
                        new ProspectProperties.AbilityRule("nope", List.of("x"), null, 1.0, null), profile("x", "x")))
                .isEmpty();
    }
}
