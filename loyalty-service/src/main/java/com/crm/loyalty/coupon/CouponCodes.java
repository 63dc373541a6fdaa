package com.crm.loyalty.coupon;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Coupon codes: 16 symbols drawn by a {@link SecureRandom} from 31 that are not easily confused (no 0/O, 1/I/L),
 * about 79 bits: unguessable. Written in groups of four; read case-insensitively, with or without dashes.
 */
final class CouponCodes {

    private static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CouponCodes() {}

    static String next() {
        StringBuilder code = new StringBuilder(19);
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return code.toString();
    }

    /** The stored form of a code as a customer may type it; null when it cannot be one. */
    static String normalise(String typed) {
        if (typed == null) {
            return null;
        }
        String raw = typed.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (raw.length() != 16) {
            return null;
        }
        for (char c : raw.toCharArray()) {
            if (new String(ALPHABET).indexOf(c) < 0) {
                return null;
            }
        }
        return raw.substring(0, 4) + "-" + raw.substring(4, 8) + "-" + raw.substring(8, 12) + "-" + raw.substring(12);
    }
}
