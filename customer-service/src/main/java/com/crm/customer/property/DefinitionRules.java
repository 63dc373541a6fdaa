package com.crm.customer.property;

import com.crm.customer.property.CustomProperty.Option;
import com.crm.customer.property.CustomPropertyInput.OptionInput;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/** Checks a definition an admin wrote and turns it into a {@link CustomProperty}; every fault is reported at once. */
final class DefinitionRules {

    static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
    static final int MAX_LABEL = 100;
    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_GROUP = 100;
    static final int MAX_OPTIONS = 200;
    static final int MAX_OPTION_VALUE = 100;
    static final int MAX_OPTION_LABEL = 200;
    static final int MAX_PATTERN = 500;
    /** The longest STRING value, whatever a definition's max says. */
    static final int MAX_STRING = 2000;
    /** Digits a DECIMAL (and a bound) may have before and after the point. */
    static final int MAX_DIGITS = 30;

    /**
     * The names of the standard fields (and search properties), and their snake_case spellings: a custom property
     * cannot take them, so a name in a search or a document always means one thing, and standard names win.
     */
    static final Set<String> RESERVED = Set.of(
            "id",
            "type",
            "status",
            "version",
            "properties",
            "attributes",
            "consents",
            "display_name",
            "displayname",
            "given_name",
            "givenname",
            "family_name",
            "familyname",
            "email",
            "emails",
            "phone",
            "phones",
            "wechat_id",
            "wechatid",
            "address",
            "addresses",
            "company",
            "job_title",
            "jobtitle",
            "industry",
            "birthday",
            "region",
            "time_zone",
            "timezone",
            "tag",
            "tags",
            "owner_id",
            "ownerid",
            "team_id",
            "teamid",
            "external_references",
            "externalreferences",
            "created_at",
            "createdat",
            "updated_at",
            "updatedat",
            "deleted_at",
            "merged_into",
            "tier",
            "clv",
            "clv_percentile",
            "clvpercentile",
            "lifecycle_stage",
            "lifecyclestage",
            "churn_risk",
            "churnrisk",
            "query",
            "after",
            "limit",
            "sorts",
            "filter_groups");

    private DefinitionRules() {}

    /**
     * @param name     the name (the body's on create, the path's on replace)
     * @param previous the stored definition when replacing one, null on create
     */
    static CustomProperty define(String name, CustomPropertyInput in, CustomProperty previous, Instant now) {
        List<FieldViolation> errors = new ArrayList<>();
        if (previous == null) {
            if (name == null || name.isBlank()) {
                errors.add(new FieldViolation("name", ErrorCode.REQUIRED, "an API name is required"));
            } else if (!NAME.matcher(name).matches()) {
                errors.add(new FieldViolation(
                        "name",
                        ErrorCode.INVALID_FORMAT,
                        "lower-case letters, digits and _, starting with a letter, at most 63 characters"));
            } else if (RESERVED.contains(name)) {
                errors.add(new FieldViolation(
                        "name", ErrorCode.NOT_ALLOWED, "'" + name + "' is the name of a standard field"));
            }
        } else if (in.name() != null && !in.name().equals(previous.name())) {
            errors.add(new FieldViolation("name", ErrorCode.CONFLICTING, "a property's name cannot change"));
        }
        String label = text(in.label(), "label", MAX_LABEL, true, errors);
        String description = text(in.description(), "description", MAX_DESCRIPTION, false, errors);
        String group = text(in.group(), "group", MAX_GROUP, false, errors);
        CustomPropertyType type = null;
        if (in.type() == null || in.type().isBlank()) {
            errors.add(new FieldViolation("type", ErrorCode.REQUIRED, "a type is required"));
        } else {
            try {
                type = CustomPropertyType.valueOf(in.type().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldViolation(
                        "type",
                        ErrorCode.INVALID_VALUE,
                        "one of STRING, NUMBER, DECIMAL, DATE, DATETIME, BOOLEAN, ENUM, MULTI_ENUM"));
            }
        }
        List<Option> options = options(in.options(), type, errors);
        boolean unique = Boolean.TRUE.equals(in.unique());
        if (unique && type != null && !CustomPropertyType.UNIQUE.contains(type)) {
            errors.add(new FieldViolation("unique", ErrorCode.NOT_ALLOWED, type + " values cannot be unique"));
        }
        String pattern = pattern(in.pattern(), type, errors);
        Object min = bound(in.min(), "min", type, errors);
        Object max = bound(in.max(), "max", type, errors);
        if (min != null && max != null && compare(min, max) > 0) {
            errors.add(new FieldViolation("max", ErrorCode.EMPTY_RANGE, "must not be below min"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new CustomProperty(
                previous == null ? name : previous.name(),
                label,
                description,
                group,
                type,
                options,
                Boolean.TRUE.equals(in.required()),
                unique,
                pattern,
                min,
                max,
                Boolean.TRUE.equals(in.personalData()),
                previous != null && Boolean.TRUE.equals(in.archived()),
                previous == null ? now : previous.createdAt(),
                now,
                previous == null ? 1 : previous.version() + 1);
    }

    private static String text(String value, String field, int max, boolean required, List<FieldViolation> errors) {
        String v = value == null ? null : value.strip();
        if (v == null || v.isEmpty()) {
            if (required) {
                errors.add(new FieldViolation(field, ErrorCode.REQUIRED, field + " is required"));
            }
            return null;
        }
        if (v.length() > max) {
            errors.add(new FieldViolation(field, ErrorCode.TOO_LONG, "at most " + max + " characters"));
        }
        return v;
    }

    private static List<Option> options(List<OptionInput> given, CustomPropertyType type, List<FieldViolation> errors) {
        if (type == null) {
            return List.of();
        }
        if (!type.hasOptions()) {
            if (given != null && !given.isEmpty()) {
                errors.add(
                        new FieldViolation("options", ErrorCode.NOT_ALLOWED, "only ENUM and MULTI_ENUM have options"));
            }
            return List.of();
        }
        if (given == null || given.isEmpty()) {
            errors.add(new FieldViolation("options", ErrorCode.TOO_FEW, type + " needs at least 1 option"));
            return List.of();
        }
        if (given.size() > MAX_OPTIONS) {
            errors.add(new FieldViolation("options", ErrorCode.TOO_MANY, "at most " + MAX_OPTIONS + " options"));
            return List.of();
        }
        List<Option> options = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String path = "options[" + i + "]";
            OptionInput o = given.get(i);
            if (o == null || o.value() == null || o.value().isBlank()) {
                errors.add(new FieldViolation(path + ".value", ErrorCode.REQUIRED, "an option needs a value"));
                continue;
            }
            String value = o.value().strip();
            if (value.length() > MAX_OPTION_VALUE) {
                errors.add(new FieldViolation(
                        path + ".value", ErrorCode.TOO_LONG, "at most " + MAX_OPTION_VALUE + " characters"));
            }
            if (!seen.add(value)) {
                errors.add(new FieldViolation(path + ".value", ErrorCode.DUPLICATE, "each value once"));
            }
            String label =
                    o.label() == null || o.label().isBlank() ? value : o.label().strip();
            if (label.length() > MAX_OPTION_LABEL) {
                errors.add(new FieldViolation(
                        path + ".label", ErrorCode.TOO_LONG, "at most " + MAX_OPTION_LABEL + " characters"));
            }
            options.add(new Option(value, label));
        }
        return options;
    }

    private static String pattern(String pattern, CustomPropertyType type, List<FieldViolation> errors) {
        if (pattern == null || pattern.isEmpty()) {
            return null;
        }
        if (type != null && type != CustomPropertyType.STRING) {
            errors.add(new FieldViolation("pattern", ErrorCode.NOT_ALLOWED, "only STRING properties have a pattern"));
            return null;
        }
        if (pattern.length() > MAX_PATTERN) {
            errors.add(new FieldViolation("pattern", ErrorCode.TOO_LONG, "at most " + MAX_PATTERN + " characters"));
            return null;
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            errors.add(new FieldViolation(
                    "pattern", ErrorCode.INVALID_FORMAT, "not a regular expression: " + e.getDescription()));
            return null;
        }
        return pattern;
    }

    /** A bound typed for the property: Long, BigDecimal, Integer (a length), LocalDate or Instant. */
    private static Object bound(JsonNode node, String field, CustomPropertyType type, List<FieldViolation> errors) {
        if (node == null || node.isNull() || node.isMissingNode() || type == null) {
            return null;
        }
        if (!CustomPropertyType.BOUNDED.contains(type)) {
            errors.add(new FieldViolation(field, ErrorCode.NOT_ALLOWED, type + " properties have no bounds"));
            return null;
        }
        try {
            return switch (type) {
                case STRING -> {
                    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
                        throw new IllegalArgumentException("a length, 0 or more");
                    }
                    yield node.intValue();
                }
                case NUMBER -> {
                    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                        throw new IllegalArgumentException("an integer");
                    }
                    yield node.longValue();
                }
                case DECIMAL -> {
                    BigDecimal d = node.isNumber()
                            ? node.decimalValue()
                            : node.isString() ? new BigDecimal(node.asString().strip()) : null;
                    if (d == null || !decimalFits(d)) {
                        throw new IllegalArgumentException("a decimal number of at most " + MAX_DIGITS + " digits");
                    }
                    yield d;
                }
                case DATE -> {
                    if (!node.isString()) {
                        throw new IllegalArgumentException("a date, YYYY-MM-DD");
                    }
                    yield LocalDate.parse(node.asString());
                }
                case DATETIME -> {
                    if (!node.isString()) {
                        throw new IllegalArgumentException("an ISO 8601 instant with offset");
                    }
                    yield OffsetDateTime.parse(node.asString()).toInstant();
                }
                default -> throw new IllegalStateException(type.name());
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            String message = e instanceof DateTimeParseException || e instanceof NumberFormatException
                    ? "not a " + type.name().toLowerCase(Locale.ROOT) + " bound"
                    : e.getMessage();
            errors.add(new FieldViolation(field, ErrorCode.INVALID_FORMAT, message));
            return null;
        }
    }

    static boolean decimalFits(BigDecimal d) {
        return d.precision() - d.scale() <= MAX_DIGITS && d.scale() <= MAX_DIGITS;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }
}
