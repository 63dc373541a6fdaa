package com.crm.customer.risk;

import com.crm.support.paging.KeysetCursor;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The review queue pages by (score, id), highest first; the platform's cursor keeps a (microseconds, id) position,
 * so the score (six decimals, as stored) travels as millionths in the microseconds' place. Exact: no rounding can
 * skip or repeat a review at a page boundary.
 */
final class ScoreCursor {

    private ScoreCursor() {}

    static KeysetCursor after(BigDecimal score, UUID id) {
        long millionths = score.movePointRight(6).longValueExact();
        return new KeysetCursor(Instant.EPOCH.plusNanos(millionths * 1_000L), id);
    }

    static BigDecimal score(KeysetCursor cursor) {
        long micros = cursor.at().getEpochSecond() * 1_000_000L + cursor.at().getNano() / 1_000L;
        return BigDecimal.valueOf(micros, 6);
    }
}
