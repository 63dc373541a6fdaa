package com.crm.support.paging;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A range of whole days, both ends included, from the {@code from} / {@code to} query parameters or body fields a
 * report or series takes: one rule for every list filtered by days, so clients learn it once.
 */
public record DateRange(LocalDate from, LocalDate to) {

    public static final String FROM = "from";

    /** Days in the range, both ends counted. */
    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /**
     * Fills in what the client left out and checks the range: {@code to} defaults to {@code defaultTo},
     * {@code from} to {@code defaultDays} days ending at {@code to}.
     *
     * @throws ApiException a 400 naming {@code from} when it is after {@code to} or the range has more than
     *                      {@code maxDays} days
     */
    public static DateRange resolve(LocalDate from, LocalDate to, LocalDate defaultTo, int defaultDays, int maxDays) {
        LocalDate end = to != null ? to : defaultTo;
        LocalDate start = from != null ? from : end.minusDays(defaultDays - 1L);
        if (start.isAfter(end)) {
            throw ApiException.invalid(FROM, ErrorCode.EMPTY_RANGE, "from must not be after to");
        }
        DateRange range = new DateRange(start, end);
        if (range.days() > maxDays) {
            throw ApiException.invalid(FROM, ErrorCode.OUT_OF_RANGE, "at most " + maxDays + " days, both included");
        }
        return range;
    }
}
