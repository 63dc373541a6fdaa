package com.crm.loyalty.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crm.loyalty.member.LotConsumption.Take;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LotConsumptionTest {

    private final Lot oldest = new Lot(UUID.randomUUID(), 30, Instant.parse("2026-01-01T00:00:00Z"));
    private final Lot middle = new Lot(UUID.randomUUID(), 50, Instant.parse("2026-06-01T00:00:00Z"));
    private final Lot newest = new Lot(UUID.randomUUID(), 20, Instant.parse("2027-01-01T00:00:00Z"));

    @Test
    void takesTheOldestLotsFirst() {
        assertThat(LotConsumption.consume(List.of(oldest, middle, newest), 60))
                .containsExactly(new Take(oldest.id(), 30), new Take(middle.id(), 30));
    }

    @Test
    void takesNothingForNothingAndEverythingForTheWhole() {
        assertThat(LotConsumption.consume(List.of(oldest, middle), 0)).isEmpty();
        assertThat(LotConsumption.consume(List.of(oldest, middle, newest), 100))
                .extracting(Take::points)
                .containsExactly(30L, 50L, 20L);
    }

    @Test
    void refusesToTakeMoreThanTheLotsHold() {
        assertThatThrownBy(() -> LotConsumption.consume(List.of(oldest), 31))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
