package com.crm.support.paging;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Position after the last item of a page ordered by (timestamp, id). Opaque to clients:
 * base64url of {@code <epoch-micros>:<uuid>}; micros because PostgreSQL keeps timestamps to the microsecond.
 */
public record KeysetCursor(Instant at, UUID id) {

    public static final String PARAMETER = "cursor";

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
        String raw = micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /** @return the decoded cursor, or null when none was given; a malformed one is a 400 naming {@code cursor} */
    public static KeysetCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            int colon = raw.indexOf(':');
            long micros = Long.parseLong(raw.substring(0, colon));
            Instant at = Instant.ofEpochSecond(
                    Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new KeysetCursor(at, UUID.fromString(raw.substring(colon + 1)));
        } catch (IllegalArgumentException
                | IndexOutOfBoundsException
                | DateTimeParseException
                | ArithmeticException e) {
            throw ApiException.invalid(
                    PARAMETER,
                    ErrorCode.INVALID_CURSOR,
                    "not a cursor this API issued; pass back nextCursor unchanged");
        }
    }
}
