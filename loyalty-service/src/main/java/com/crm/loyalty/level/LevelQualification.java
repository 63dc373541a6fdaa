package com.crm.loyalty.level;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/** Which level a member's rolling-window points and spend qualify for: the highest-ranked whose threshold is met. */
public final class LevelQualification {

    private LevelQualification() {}

    /** @param levels every level (any order, not empty); the lowest rank qualifies without any threshold */
    public static Level qualifiedFor(List<Level> levels, long points, BigDecimal spend) {
        List<Level> byRank =
                levels.stream().sorted(Comparator.comparingInt(Level::rank)).toList();
        Level qualified = byRank.getFirst();
        for (Level level : byRank) {
            boolean byPoints = points >= level.minPoints();
            boolean bySpend = level.minSpend() != null && spend != null && spend.compareTo(level.minSpend()) >= 0;
            if (byPoints || bySpend) {
                qualified = level;
            }
        }
        return qualified;
    }

    /** What happens to a member at {@code current} who now qualifies for {@code qualified}. */
    public static Move move(Level current, Level qualified, boolean reviewDue) {
        if (current == null || qualified.rank() > current.rank()) {
            return Move.UPGRADE;
        }
        if (qualified.rank() < current.rank()) {
            return reviewDue ? Move.DOWNGRADE : Move.STAY;
        }
        return Move.STAY;
    }

    public enum Move {
        UPGRADE,
        DOWNGRADE,
        STAY
    }
}
