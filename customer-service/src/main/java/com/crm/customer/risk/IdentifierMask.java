package com.crm.customer.risk;

import com.crm.customer.risk.model.RiskFacts;
import com.crm.customer.risk.model.RiskModel;

/**
 * Shows enough of a shared identifier for a reviewer to recognise it in the profiles, never the whole of it: a reason
 * is read by more people than the profile is, and ends up in tickets and screenshots.
 */
final class IdentifierMask {

    private IdentifierMask() {}

    static RiskFacts.Shared of(RiskRepository.SharedValue v) {
        String masked = switch (v.kind()) {
            case SHARED_PHONE -> phone(v.value());
            case SHARED_EMAIL -> email(v.value());
            case SHARED_ADDRESS -> address(v.value());
            default -> head(v.value(), 3);
        };
        return new RiskFacts.Shared(
                v.kind(), masked, RiskModel.digest(v.kind() + ":" + v.value()).substring(0, 16), v.others());
    }

    /** {@code +8613812345678} → {@code +86 138…78}: country and carrier prefix, last two digits. */
    static String phone(String e164) {
        if (e164 == null || e164.length() < 8) {
            return "…";
        }
        String digits = e164.startsWith("+") ? e164.substring(1) : e164;
        int country = digits.startsWith("1") || digits.startsWith("7") ? 1 : 2;
        return "+" + digits.substring(0, country) + " "
                + digits.substring(country, Math.min(digits.length(), country + 3)) + "…"
                + digits.substring(digits.length() - 2);
    }

    /** {@code xiaoming@example.cn} → {@code x…@example.cn}. */
    static String email(String address) {
        int at = address == null ? -1 : address.indexOf('@');
        return at <= 0 ? "…" : address.charAt(0) + "…" + address.substring(at);
    }

    /** The normalised key ({@code lines|postal code|city|country}): the street hidden, the rest shown. */
    static String address(String key) {
        int bar = key == null ? -1 : key.indexOf('|');
        return bar < 0 ? head(key, 3) : head(key.substring(0, bar), 2) + key.substring(bar);
    }

    private static String head(String value, int n) {
        return value == null ? "…" : value.substring(0, Math.min(n, value.length())) + "…";
    }
}
