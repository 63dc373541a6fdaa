package com.crm.loyalty.member;

import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Position in a member's journal: after the entry numbered {@code seq} (opaque to clients). */
final class JournalCursor {

    private JournalCursor() {}

    static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("j:" + seq).getBytes(StandardCharsets.US_ASCII));
    }

    static Long decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!raw.startsWith("j:")) {
                throw new IllegalArgumentException(raw);
            }
            return Long.parseLong(raw.substring(2));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(
                    KeysetCursor.PARAMETER,
                    ErrorCode.INVALID_CURSOR,
                    "not a cursor this API issued; pass back nextCursor unchanged");
        }
    }
}
