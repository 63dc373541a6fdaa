package com.crm.loyalty.earning;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.loyalty.earning.ProportionalReversal.Accrued;
import com.crm.loyalty.earning.ProportionalReversal.Reversal;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProportionalReversalTest {

    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();

    @Test
    void aPartialRefundReversesInProportionRoundedDown() {
        List<Reversal> r = ProportionalReversal.allocate(
                List.of(new Accrued(A, new BigDecimal("100.99"), 100, BigDecimal.ZERO, 0)), new BigDecimal("30.30"));
        assertThat(r).containsExactly(new Reversal(A, new BigDecimal("30.30"), 30));
    }

    @Test
    void partsOfARefundAddUpToExactlyThePointsEarned() {
        Accrued first = new Accrued(A, new BigDecimal("10"), 7, BigDecimal.ZERO, 0);
        Reversal one = ProportionalReversal.allocate(List.of(first), new BigDecimal("5"))
                .getFirst();
        assertThat(one.points()).isEqualTo(3); // floor(3.5)
        Accrued after = new Accrued(A, new BigDecimal("10"), 7, new BigDecimal("5"), 3);
        Reversal two = ProportionalReversal.allocate(List.of(after), new BigDecimal("5"))
                .getFirst();
        assertThat(one.points() + two.points()).isEqualTo(7);
    }

    @Test
    void aRefundSpreadsOverPurchasesInTheOrderGivenUpToWhatEachHasLeft() {
        List<Reversal> r = ProportionalReversal.allocate(
                List.of(
                        new Accrued(A, new BigDecimal("50"), 50, new BigDecimal("20"), 20),
                        new Accrued(B, new BigDecimal("100"), 200, BigDecimal.ZERO, 0)),
                new BigDecimal("-80"));
        assertThat(r)
                .containsExactly(new Reversal(A, new BigDecimal("30"), 30), new Reversal(B, new BigDecimal("50"), 100));
    }

    @Test
    void moreRefundedThanWasBoughtReversesNoMoreThanWasEarned() {
        List<Reversal> r = ProportionalReversal.allocate(
                List.of(new Accrued(A, new BigDecimal("10"), 10, BigDecimal.ZERO, 0)), new BigDecimal("25"));
        assertThat(r).containsExactly(new Reversal(A, new BigDecimal("10"), 10));
    }
}
