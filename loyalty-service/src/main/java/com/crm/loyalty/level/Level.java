package com.crm.loyalty.level;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.Map;

/**
 * A member level: members qualify for the highest-ranked level whose {@code minPoints} (points earned on purchases
 * in the rolling window, net of reversals) or {@code minSpend} (spend in the window, net of refunds) they reach.
 */
public record Level(
        String code,
        @Schema(description = "Display name, e.g. 金卡") String name,

        @Schema(description = "Higher is better; the lowest rank is where members start")
        int rank,

        long minPoints,

        @Schema(type = "string", description = "Alternative spend threshold; null: points only")
        BigDecimal minSpend,

        @Schema(description = "What the level gives, e.g. pointsMultiplier, servicePriority, freeShipping")
        Map<String, Object> privileges,

        long version) {

    /** The points multiplier the level's privileges name ({@code pointsMultiplier}), 1 when absent or not a number. */
    public BigDecimal pointsMultiplier() {
        Object value = privileges == null ? null : privileges.get("pointsMultiplier");
        if (value instanceof Number n) {
            BigDecimal m = new BigDecimal(n.toString());
            return m.signum() > 0 ? m : BigDecimal.ONE;
        }
        return BigDecimal.ONE;
    }
}
