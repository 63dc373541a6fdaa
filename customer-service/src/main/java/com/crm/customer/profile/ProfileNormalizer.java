package com.crm.customer.profile;

import com.crm.customer.profile.CustomerInput.ConsentInput;
import com.crm.customer.profile.CustomerInput.EmailInput;
import com.crm.customer.profile.CustomerInput.PhoneInput;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns what a client sent into a stored profile: trims, derives the display name, puts phones into E.164,
 * and collects every rule the input breaks (all of them, not only the first).
 */
final class ProfileNormalizer {

    static final int MAX_ATTRIBUTES_BYTES = 16 * 1024;

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String defaultRegion;
    private final JsonMapper json;

    ProfileNormalizer(String defaultRegion, JsonMapper json) {
        this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
        this.json = json;
        if (!phones.getSupportedRegions().contains(this.defaultRegion)) {
            throw new IllegalArgumentException("crm.customer.default-phone-region '" + defaultRegion
                    + "' is not an ISO 3166 region libphonenumber knows");
        }
    }

    static String emailKey(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * @param previous the stored profile when updating (consents unchanged keep their time and source), or null
     * @param now      the time given to consents that change without a time of their own
     */
    Profile normalize(CustomerInput in, Profile previous, Instant now) {
        return normalize(in, previous, now, ProfileNormalizer::noProperties);
    }

    /** Checks and normalises a customer's custom property values (errors named {@code properties.<name>}). */
    @FunctionalInterface
    interface PropertyRules {
        Map<String, Object> normalize(
                Map<String, JsonNode> given, Map<String, Object> previous, List<FieldViolation> errors);
    }

    /** Without definitions: any value is an unknown property. */
    private static Map<String, Object> noProperties(
            Map<String, JsonNode> given, Map<String, Object> previous, List<FieldViolation> errors) {
        if (given != null) {
            given.forEach((name, value) -> {
                if (value != null && !value.isNull()) {
                    errors.add(new FieldViolation(
                            "properties." + name, ErrorCode.UNKNOWN_FIELD, "no custom property of that name"));
                }
            });
        }
        return previous == null ? Map.of() : previous;
    }

    /**
     * @param properties checks the custom property values against their definitions
     */
    Profile normalize(CustomerInput in, Profile previous, Instant now, PropertyRules properties) {
        List<FieldViolation> errors = new ArrayList<>();
        String givenName = clean(in.givenName());
        String familyName = clean(in.familyName());
        String company = clean(in.company());
        String displayName = clean(in.displayName());
        if (displayName == null) {
            displayName = in.type() == CustomerType.ORGANIZATION ? company : personName(givenName, familyName);
        }
        if (displayName == null) {
            errors.add(new FieldViolation(
                    "displayName",
                    ErrorCode.REQUIRED,
                    "give a displayName, the person's names or, for an organization, the company"));
        }
        List<Email> emails = emails(in.emails(), errors);
        List<Phone> phoneList = phones(in.phones(), errors);
        Map<String, Object> attributes = attributes(in.attributes(), errors);
        String timeZone = timeZone(clean(in.timeZone()), errors);
        Map<ConsentChannel, Consent> consents = consents(in.consents(), previous, now, errors);
        Map<String, Object> customValues =
                properties.normalize(in.properties(), previous == null ? null : previous.properties(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new Profile(
                in.type(),
                displayName,
                givenName,
                familyName,
                emails,
                phoneList,
                clean(in.wechatId()),
                in.addresses() == null
                        ? List.of()
                        : in.addresses().stream()
                                .filter(Objects::nonNull)
                                .map(a -> new Address(
                                        clean(a.label()),
                                        a.lines() == null
                                                ? List.of()
                                                : a.lines().stream()
                                                        .filter(Objects::nonNull)
                                                        .map(String::trim)
                                                        .toList(),
                                        clean(a.city()),
                                        clean(a.region()),
                                        clean(a.postalCode()),
                                        a.country()))
                                .toList(),
                company,
                clean(in.jobTitle()),
                clean(in.industry()),
                in.birthday(),
                clean(in.region()),
                timeZone,
                tags(in.tags()),
                clean(in.ownerId()),
                clean(in.teamId()),
                attributes,
                consents,
                customValues);
    }

    /** Chinese, Japanese and Korean names put the family name first, without a space. */
    private static String personName(String given, String family) {
        if (given == null || family == null) {
            return given != null ? given : family;
        }
        boolean cjk = (given + family).codePoints().anyMatch(cp -> {
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            return script == Character.UnicodeScript.HAN
                    || script == Character.UnicodeScript.HANGUL
                    || script == Character.UnicodeScript.HIRAGANA
                    || script == Character.UnicodeScript.KATAKANA;
        });
        return cjk ? family + given : given + " " + family;
    }

    private static List<Email> emails(List<EmailInput> input, List<FieldViolation> errors) {
        if (input == null) {
            return List.of();
        }
        List<Email> result = input.stream()
                .filter(e -> e != null && e.address() != null)
                .map(e -> new Email(e.address().trim(), clean(e.label()), Boolean.TRUE.equals(e.primary())))
                .toList();
        checkContactPoints("emails", "address", result, e -> emailKey(e.address()), Email::primary, errors);
        return result;
    }

    private List<Phone> phones(List<PhoneInput> input, List<FieldViolation> errors) {
        if (input == null) {
            return List.of();
        }
        List<Phone> result = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            PhoneInput p = input.get(i);
            if (p == null || p.number() == null) {
                continue;
            }
            String e164 = e164(p.number());
            if (e164 == null) {
                errors.add(new FieldViolation(
                        "phones[" + i + "].number",
                        ErrorCode.INVALID_PHONE,
                        "'" + p.number() + "' is not a phone number (numbers without +country are read as "
                                + defaultRegion + ")"));
                e164 = p.number();
            }
            result.add(new Phone(e164, clean(p.label()), Boolean.TRUE.equals(p.primary())));
        }
        checkContactPoints("phones", "number", result, Phone::number, Phone::primary, errors);
        return List.copyOf(result);
    }

    /** @return the number in E.164, or null when it cannot be a phone number */
    String e164(String number) {
        try {
            PhoneNumber parsed = phones.parse(number, defaultRegion);
            return phones.isPossibleNumber(parsed)
                    ? phones.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164)
                    : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static <T> void checkContactPoints(
            String list,
            String keyField,
            List<T> items,
            Function<T, String> key,
            Predicate<T> primary,
            List<FieldViolation> errors) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            if (!seen.add(key.apply(items.get(i)))) {
                errors.add(new FieldViolation(
                        list + "[" + i + "]." + keyField, ErrorCode.DUPLICATE, "appears more than once in " + list));
            }
        }
        if (items.stream().filter(primary).count() > 1) {
            errors.add(new FieldViolation(list, ErrorCode.CONFLICTING, "at most one entry may be primary"));
        }
    }

    private static String timeZone(String zone, List<FieldViolation> errors) {
        if (zone == null) {
            return null;
        }
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            errors.add(new FieldViolation(
                    "timeZone",
                    ErrorCode.INVALID_VALUE,
                    "'" + zone + "' is not an IANA time zone such as Asia/Shanghai or Europe/Berlin"));
            return zone;
        }
    }

    private static List<String> tags(List<String> tags) {
        return tags == null
                ? List.of()
                : List.copyOf(new LinkedHashSet<>(
                        tags.stream().filter(Objects::nonNull).map(String::trim).toList()));
    }

    private Map<String, Object> attributes(Map<String, Object> attributes, List<FieldViolation> errors) {
        if (attributes == null) {
            return Map.of();
        }
        attributes.keySet().stream()
                .filter(k -> k.isBlank() || k.length() > 100)
                .findFirst()
                .ifPresent(k -> errors.add(
                        new FieldViolation("attributes", ErrorCode.INVALID_VALUE, "keys are 1 to 100 characters")));
        if (json.writeValueAsString(attributes).getBytes(StandardCharsets.UTF_8).length > MAX_ATTRIBUTES_BYTES) {
            errors.add(
                    new FieldViolation("attributes", ErrorCode.TOO_LONG, "at most " + MAX_ATTRIBUTES_BYTES + " bytes"));
        }
        return new LinkedHashMap<>(attributes);
    }

    private static Map<ConsentChannel, Consent> consents(
            Map<ConsentChannel, ConsentInput> input, Profile previous, Instant now, List<FieldViolation> errors) {
        Map<ConsentChannel, Consent> before = previous == null ? Map.of() : previous.consents();
        Map<ConsentChannel, ConsentInput> given = input == null ? Map.of() : input;
        Map<ConsentChannel, Consent> result = new EnumMap<>(ConsentChannel.class);
        for (ConsentChannel channel : before.keySet()) {
            if (!given.containsKey(channel)) {
                errors.add(new FieldViolation(
                        "consents." + channel,
                        ErrorCode.NOT_ALLOWED,
                        "a consent record cannot be removed; set its status to WITHDRAWN or DENIED"));
            }
        }
        given.forEach((channel, in) -> {
            if (in == null || in.status() == null) {
                return;
            }
            Consent old = before.get(channel);
            boolean unchanged = old != null
                    && old.status() == in.status()
                    && (in.source() == null || in.source().equals(old.source()))
                    && (in.at() == null || in.at().equals(old.updatedAt()));
            result.put(
                    channel,
                    unchanged ? old : new Consent(in.status(), in.at() == null ? now : in.at(), clean(in.source())));
        });
        return result;
    }

    private static String clean(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
