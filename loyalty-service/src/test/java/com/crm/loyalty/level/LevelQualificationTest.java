package com.crm.loyalty.level;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.loyalty.level.LevelQualification.Move;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LevelQualificationTest {

    private static final Level BASIC = new Level("BASIC", "普通", 0, 0, null, Map.of(), 1);
    private static final Level SILVER = new Level("SILVER", "银卡", 1, 1000, new BigDecimal("5000"), Map.of(), 1);
    private static final Level GOLD = new Level("GOLD", "金卡", 2, 5000, null, Map.of("pointsMultiplier", 1.5), 1);
    private static final List<Level> LEVELS = List.of(GOLD, BASIC, SILVER);

    @Test
    void qualifiesForTheHighestLevelWhosePointsOrSpendThresholdIsMet() {
        assertThat(LevelQualification.qualifiedFor(LEVELS, 0, BigDecimal.ZERO)).isEqualTo(BASIC);
        assertThat(LevelQualification.qualifiedFor(LEVELS, 999, BigDecimal.ZERO))
                .isEqualTo(BASIC);
        assertThat(LevelQualification.qualifiedFor(LEVELS, 1000, BigDecimal.ZERO))
                .isEqualTo(SILVER);
        assertThat(LevelQualification.qualifiedFor(LEVELS, 10, new BigDecimal("5000")))
                .isEqualTo(SILVER);
        assertThat(LevelQualification.qualifiedFor(LEVELS, 7000, BigDecimal.ZERO))
                .isEqualTo(GOLD);
    }

    @Test
    void upgradesAtOnceButDowngradesOnlyWhenTheReviewIsDue() {
        assertThat(LevelQualification.move(BASIC, GOLD, false)).isEqualTo(Move.UPGRADE);
        assertThat(LevelQualification.move(GOLD, SILVER, false)).isEqualTo(Move.STAY);
        assertThat(LevelQualification.move(GOLD, SILVER, true)).isEqualTo(Move.DOWNGRADE);
        assertThat(LevelQualification.move(SILVER, SILVER, true)).isEqualTo(Move.STAY);
        assertThat(LevelQualification.move(null, BASIC, false)).isEqualTo(Move.UPGRADE);
    }

    @Test
    void theLevelsPointsMultiplierDefaultsToOne() {
        assertThat(GOLD.pointsMultiplier()).isEqualByComparingTo("1.5");
        assertThat(BASIC.pointsMultiplier()).isEqualByComparingTo("1");
    }
}
