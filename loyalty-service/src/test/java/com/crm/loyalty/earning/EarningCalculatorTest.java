package com.crm.loyalty.earning;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.loyalty.earning.EarningCalculator.Line;
import com.crm.loyalty.earning.EarningCalculator.Purchase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EarningCalculatorTest {

    private static final Instant NOW = Instant.parse("2026-06-15T10:00:00Z");

    private static EarningRule multiplier(String category, String channel, String m, Instant from, Instant until) {
        return new EarningRule(
                UUID.randomUUID(),
                "r",
                EarningRule.MULTIPLIER,
                category,
                channel,
                new BigDecimal(m),
                null,
                from,
                until,
                true,
                NOW,
                1);
    }

    private static EarningRule cap(long cap) {
        return new EarningRule(
                UUID.randomUUID(), "c", EarningRule.DAILY_CAP, null, null, null, cap, null, null, true, NOW, 1);
    }

    private static long points(Purchase p, String level, List<EarningRule> rules) {
        return EarningCalculator.points(p, BigDecimal.ONE, new BigDecimal(level), rules);
    }

    @Test
    void onePointPerWholeCurrencyUnitRoundedDown() {
        assertThat(points(new Purchase(new BigDecimal("99.99"), null, NOW, List.of()), "1", List.of()))
                .isEqualTo(99);
        assertThat(points(new Purchase(new BigDecimal("0.00"), null, NOW, List.of()), "1", List.of()))
                .isZero();
        assertThat(points(new Purchase(new BigDecimal("-5"), null, NOW, List.of()), "1", List.of()))
                .isZero();
    }

    @Test
    void aCategoryMultiplierCountsForItsLinesShareOfThePurchase() {
        // 100 paid for lines of 60 (shoes, ×2) and 40 (socks): 60 × 2 + 40 = 160
        Purchase p = new Purchase(
                new BigDecimal("100"),
                "web",
                NOW,
                List.of(new Line("shoes", new BigDecimal("60")), new Line("socks", new BigDecimal("40"))));
        assertThat(points(p, "1", List.of(multiplier("shoes", null, "2", null, null))))
                .isEqualTo(160);
        // a discount: 80 paid for the same lines earns in the same proportions, 80 × 1.6 = 128
        Purchase discounted = new Purchase(new BigDecimal("80"), "web", NOW, p.lines());
        assertThat(points(discounted, "1", List.of(multiplier("shoes", null, "2", null, null))))
                .isEqualTo(128);
    }

    @Test
    void channelCampaignAndLevelMultipliersMultiply() {
        Purchase p = new Purchase(new BigDecimal("10"), "app", NOW, List.of());
        EarningRule app = multiplier(null, "app", "1.5", null, null);
        EarningRule campaign = multiplier(null, null, "2", NOW.minusSeconds(60), NOW.plusSeconds(60));
        EarningRule over = multiplier(null, null, "3", NOW.minusSeconds(120), NOW.minusSeconds(60));
        // 10 × 1.5 × 2 × level 1.2 = 36; the campaign that ended does not count
        assertThat(points(p, "1.2", List.of(app, campaign, over))).isEqualTo(36);
        assertThat(points(new Purchase(new BigDecimal("10"), "store", NOW, List.of()), "1", List.of(app)))
                .isEqualTo(10);
    }

    @Test
    void theDailyCapLimitsWhatIsLeftOfTheDay() {
        Purchase p = new Purchase(new BigDecimal("10"), null, NOW, List.of());
        Long cap = EarningCalculator.dailyCap(p, List.of(cap(500), cap(300)));
        assertThat(cap).isEqualTo(300);
        assertThat(EarningCalculator.capped(200, cap, 250)).isEqualTo(50);
        assertThat(EarningCalculator.capped(200, cap, 400)).isZero();
        assertThat(EarningCalculator.capped(200, null, 10_000)).isEqualTo(200);
    }
}
