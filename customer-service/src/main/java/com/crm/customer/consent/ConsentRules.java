package com.crm.customer.consent;

import com.crm.customer.profile.ConsentChannel;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validation of consent decisions, subscriptions and subscription types: plain rules, every fault named at once. */
final class ConsentRules {

    static final String ALL = "ALL";
    static final int MAX_SOURCE = 100;
    static final int MAX_EVIDENCE = 2000;
    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /** A caller's clock may run a little ahead of ours; beyond this a decision "in the future" is refused. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private ConsentRules() {}

    static Purpose purpose(String text) {
        try {
            return Purpose.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(
                    "purpose", ErrorCode.INVALID_VALUE, "not a purpose; one of " + Arrays.toString(Purpose.values()));
        }
    }

    /** {@code ALL} or a channel name, upper-cased; null when it is neither. */
    static String channelOrNull(String text) {
        if (text == null) {
            return null;
        }
        String upper = text.toUpperCase(Locale.ROOT);
        if (ALL.equals(upper)) {
            return ALL;
        }
        return Arrays.stream(ConsentChannel.values())
                .map(Enum::name)
                .filter(upper::equals)
                .findFirst()
                .orElse(null);
    }

    static String channel(String field, String text, Purpose purpose) {
        String channel = channelOrNull(text);
        if (channel == null) {
            throw ApiException.invalid(field, ErrorCode.INVALID_VALUE, "not a channel; one of " + channels());
        }
        if (!ALL.equals(channel) && purpose != null && !purpose.perChannel()) {
            throw ApiException.invalid(
                    field, ErrorCode.NOT_ALLOWED, purpose + " is decided for ALL channels only, not per channel");
        }
        return channel;
    }

    static String channels() {
        List<String> all = new ArrayList<>();
        all.add(ALL);
        Arrays.stream(ConsentChannel.values()).map(Enum::name).forEach(all::add);
        return all.toString();
    }

    /** Checks a decision; {@code changedAt} is the one the caller gave (or null). */
    static void checkDecision(PurposeConsentInput in, Instant now) {
        List<FieldViolation> errors = new ArrayList<>();
        if (in == null) {
            throw ApiException.invalid("status", ErrorCode.REQUIRED, "a decision needs a status and a legalBasis");
        }
        if (in.status() == null) {
            errors.add(new FieldViolation("status", ErrorCode.REQUIRED, "GRANTED, DENIED or WITHDRAWN"));
        } else if (in.status() == PurposeStatus.EXPIRED) {
            errors.add(new FieldViolation(
                    "status", ErrorCode.NOT_ALLOWED, "EXPIRED is set by the service when expiresAt passes"));
        }
        if (in.legalBasis() == null) {
            errors.add(new FieldViolation(
                    "legalBasis", ErrorCode.REQUIRED, "one of " + Arrays.toString(LegalBasis.values())));
        }
        length(errors, "source", in.source(), MAX_SOURCE);
        length(errors, "evidence", in.evidence(), MAX_EVIDENCE);
        if (in.status() == PurposeStatus.GRANTED
                && in.legalBasis() == LegalBasis.CONSENT
                && (in.evidence() == null || in.evidence().isBlank())) {
            errors.add(new FieldViolation(
                    "evidence",
                    ErrorCode.REQUIRED,
                    "a consent given must be demonstrable (GDPR Art. 7(1)): say what proves it"));
        }
        Instant changedAt = in.changedAt() == null ? now : in.changedAt();
        if (in.changedAt() != null && in.changedAt().isAfter(now.plus(CLOCK_SKEW))) {
            errors.add(new FieldViolation("changedAt", ErrorCode.OUT_OF_RANGE, "is in the future"));
        }
        if (in.expiresAt() != null) {
            if (in.status() != null && in.status() != PurposeStatus.GRANTED) {
                errors.add(
                        new FieldViolation("expiresAt", ErrorCode.NOT_ALLOWED, "only a GRANTED decision can expire"));
            } else if (!in.expiresAt().isAfter(now) || !in.expiresAt().isAfter(changedAt)) {
                errors.add(new FieldViolation(
                        "expiresAt", ErrorCode.OUT_OF_RANGE, "must be in the future and after changedAt"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    static void checkSubscription(SubscriptionChoiceInput in, Instant now) {
        List<FieldViolation> errors = new ArrayList<>();
        if (in == null || in.status() == null) {
            errors.add(new FieldViolation("status", ErrorCode.REQUIRED, "SUBSCRIBED or UNSUBSCRIBED"));
        } else if (in.status() == SubscriptionStatus.NOT_SPECIFIED) {
            errors.add(new FieldViolation(
                    "status", ErrorCode.NOT_ALLOWED, "a choice is SUBSCRIBED or UNSUBSCRIBED; it cannot be unmade"));
        }
        if (in != null) {
            length(errors, "source", in.source(), MAX_SOURCE);
            if (in.changedAt() != null && in.changedAt().isAfter(now.plus(CLOCK_SKEW))) {
                errors.add(new FieldViolation("changedAt", ErrorCode.OUT_OF_RANGE, "is in the future"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    /** Checks a type's definition and answers it with its channel resolved (ALL by default). */
    static String checkType(String key, SubscriptionTypeInput in) {
        List<FieldViolation> errors = new ArrayList<>();
        if (key == null || key.isBlank()) {
            errors.add(new FieldViolation("key", ErrorCode.REQUIRED, "the type's API name"));
        } else if (!KEY.matcher(key).matches()) {
            errors.add(new FieldViolation(
                    "key",
                    ErrorCode.INVALID_FORMAT,
                    "lower case letters, digits and underscores, starting with a letter, at most 64"));
        }
        if (in.name() == null || in.name().isBlank()) {
            errors.add(new FieldViolation("name", ErrorCode.REQUIRED, "what customers see"));
        }
        length(errors, "name", in.name(), 200);
        length(errors, "description", in.description(), 1000);
        if (in.purpose() == null) {
            errors.add(new FieldViolation("purpose", ErrorCode.REQUIRED, "MARKETING or SERVICE"));
        } else if (!in.purpose().perChannel()) {
            errors.add(new FieldViolation(
                    "purpose", ErrorCode.INVALID_VALUE, "messages serve MARKETING or SERVICE, not " + in.purpose()));
        }
        String channel = in.channel() == null ? ALL : channelOrNull(in.channel());
        if (channel == null) {
            errors.add(new FieldViolation("channel", ErrorCode.INVALID_VALUE, "one of " + channels()));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return channel;
    }

    private static void length(List<FieldViolation> errors, String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new FieldViolation(field, ErrorCode.TOO_LONG, "at most " + max + " characters"));
        }
    }
}
