package com.crm.webhook.subscription;

import java.util.regex.Pattern;

/**
 * What a subscription listens to: an exact CloudEvents type ({@code crm.customer.registered}), a prefix wildcard
 * ({@code crm.customer.*}, {@code crm.*}) or {@code *} for everything.
 */
public record EventTypePattern(String value) {

    /** The whole value must match; anchored for the OpenAPI document, where patterns match anywhere. */
    static final String SYNTAX_REGEX = "^(?:\\*|([a-z0-9-]+\\.)+(\\*|[a-z0-9-]+))$";

    private static final Pattern SYNTAX = Pattern.compile(SYNTAX_REGEX);

    public static boolean wellFormed(String value) {
        return value != null && value.length() <= 200 && SYNTAX.matcher(value).matches();
    }

    public boolean matches(String type) {
        if (value.equals("*")) {
            return true;
        }
        if (value.endsWith(".*")) {
            return type.startsWith(value.substring(0, value.length() - 1));
        }
        return value.equals(type);
    }
}
