package com.crm.support.json;

/**
 * Text PostgreSQL can store and a client can read back: no NUL (a {@code text} or {@code jsonb} column refuses it),
 * no other C0 control character but tab, line feed and carriage return (invisible, and they break the CSV, log and
 * header lines the text ends up in), no unpaired UTF-16 surrogate (it has no UTF-8 form, so the driver cannot send it).
 */
public final class StorableText {

    public static final String PROBLEM =
            "holds a character that cannot be stored (NUL, another control character or an unpaired surrogate)";

    private StorableText() {}

    /** @return the index of the first character that cannot be stored, or -1 when all can */
    public static int firstUnstorable(CharSequence text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                if (c != '\t' && c != '\n' && c != '\r') {
                    return i;
                }
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    public static boolean isStorable(CharSequence text) {
        return text == null || firstUnstorable(text) < 0;
    }
}
