package com.crm.support.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DateRangeTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

    @Test
    void defaultsToTheWindowEndingAtTheDefaultEnd() {
        assertThat(DateRange.resolve(null, null, TODAY, 30, 366)).isEqualTo(new DateRange(TODAY.minusDays(29), TODAY));
    }

    @Test
    void defaultsFromToTheWindowEndingAtTheGivenEnd() {
        LocalDate to = LocalDate.of(2026, 1, 31);
        assertThat(DateRange.resolve(null, to, TODAY, 30, 366)).isEqualTo(new DateRange(to.minusDays(29), to));
    }

    @Test
    void defaultsToToTheDefaultEndWhenOnlyFromIsGiven() {
        LocalDate from = LocalDate.of(2026, 3, 1);
        assertThat(DateRange.resolve(from, null, TODAY, 30, 366)).isEqualTo(new DateRange(from, TODAY));
    }

    @Test
    void acceptsOneDayAndExactlyTheMaximum() {
        assertThat(DateRange.resolve(TODAY, TODAY, TODAY, 30, 366).days()).isEqualTo(1);
        assertThat(DateRange.resolve(TODAY.minusDays(365), TODAY, TODAY, 30, 366)
                        .days())
                .isEqualTo(366);
    }

    @Test
    void refusesFromAfterToNamingFrom() {
        assertThatThrownBy(() -> DateRange.resolve(TODAY, TODAY.minusDays(1), TODAY, 30, 366))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.errors()).singleElement().satisfies(v -> {
                        assertThat(v.field()).isEqualTo("from");
                        assertThat(v.code()).isEqualTo(ErrorCode.EMPTY_RANGE);
                    });
                });
    }

    @Test
    void refusesARangeLongerThanTheMaximumNamingFrom() {
        assertThatThrownBy(() -> DateRange.resolve(TODAY.minusDays(366), TODAY, TODAY, 30, 366))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.errors()).singleElement().satisfies(v -> {
                        assertThat(v.field()).isEqualTo("from");
                        assertThat(v.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
                    });
                });
    }
}
