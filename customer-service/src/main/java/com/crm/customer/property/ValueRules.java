package com.crm.customer.property;

import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks a customer's custom property values against their definitions and puts them in their one stored form
 * (the canonical form: Long, BigDecimal without trailing zeros, String, Boolean, a list of strings), so a value
 * written again compares equal to the stored one. Faults are named {@code properties.<name>}.
 */
final class ValueRules {

    static final String FIELD = "properties";

    private ValueRules() {}

    /**
     * @param given    the values as the client's document has them (after a merge patch: the whole set)
     * @param previous the stored values when changing a customer, null when creating one
     * @param defs     the definitions of every name in {@code given} and {@code previous}, and every required one
     */
    static Map<String, Object> normalize(
            Map<String, JsonNode> given,
            Map<String, Object> previous,
            Map<String, CustomProperty> defs,
            List<FieldViolation> errors) {
        Map<String, Object> result = new TreeMap<>();
        Map<String, Object> before = previous == null ? Map.of() : previous;
        if (given != null) {
            given.forEach((name, node) -> {
                if (node == null || node.isNull() || node.isMissingNode()) {
                    return;
                }
                String path = FIELD + "." + name;
                CustomProperty def = defs.get(name);
                if (def == null) {
                    errors.add(new FieldViolation(
                            path,
                            ErrorCode.UNKNOWN_FIELD,
                            "no custom property '" + abbreviated(name) + "' is defined"));
                    return;
                }
                if (def.archived()) {
                    Object kept = before.get(name);
                    if (kept != null && kept.equals(canonical(node))) {
                        result.put(name, kept);
                    } else {
                        errors.add(new FieldViolation(
                                path,
                                ErrorCode.NOT_ALLOWED,
                                "the property is archived: its values are kept, not written"));
                    }
                    return;
                }
                Object value = value(node, def, path, errors);
                if (value != null) {
                    result.put(name, value);
                }
            });
        }
        for (CustomProperty def : defs.values()) {
            if (!def.required() || def.archived() || result.containsKey(def.name())) {
                continue;
            }
            String path = FIELD + "." + def.name();
            boolean invalidGiven = errors.stream().anyMatch(e -> e.field().startsWith(path));
            if (previous == null && !invalidGiven) {
                errors.add(new FieldViolation(path, ErrorCode.REQUIRED, "a value is required"));
            } else if (previous != null && before.containsKey(def.name()) && !invalidGiven) {
                errors.add(new FieldViolation(path, ErrorCode.REQUIRED, "a value is required; it cannot be removed"));
            }
        }
        // archived values stay even when the document left them out (a client that does not know them)
        before.forEach((name, value) -> {
            CustomProperty def = defs.get(name);
            if (def != null
                    && def.archived()
                    && !result.containsKey(name)
                    && (given == null || !given.containsKey(name))) {
                result.put(name, value);
            }
        });
        return result;
    }

    /** The value typed for its definition, or null with the fault added. */
    static Object value(JsonNode node, CustomProperty def, String path, List<FieldViolation> errors) {
        int before = errors.size();
        Object value = switch (def.type()) {
            case STRING -> string(node, def, path, errors);
            case NUMBER -> {
                if (node.isNumber() && node.canConvertToExactIntegral() && node.canConvertToLong()) {
                    yield bounded(node.longValue(), def, path, errors);
                }
                errors.add(new FieldViolation(path, ErrorCode.TYPE_MISMATCH, "must be an integer"));
                yield null;
            }
            case DECIMAL -> {
                BigDecimal d = null;
                try {
                    d = node.isNumber()
                            ? node.decimalValue()
                            : node.isString() ? new BigDecimal(node.asString().strip()) : null;
                } catch (NumberFormatException e) {
                    errors.add(new FieldViolation(path, ErrorCode.INVALID_FORMAT, "a decimal number"));
                    yield null;
                }
                if (d == null) {
                    errors.add(new FieldViolation(path, ErrorCode.TYPE_MISMATCH, "must be a number"));
                    yield null;
                }
                if (!DefinitionRules.decimalFits(d)) {
                    errors.add(new FieldViolation(
                            path,
                            ErrorCode.OUT_OF_RANGE,
                            "at most " + DefinitionRules.MAX_DIGITS + " digits before and after the point"));
                    yield null;
                }
                Object n = number(d);
                yield bounded(n instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) n, def, path, errors) == null
                        ? null
                        : n;
            }
            case DATE -> {
                LocalDate date = null;
                if (node.isString()) {
                    try {
                        date = LocalDate.parse(node.asString());
                    } catch (DateTimeParseException e) {
                        // reported below
                    }
                }
                if (date == null || date.getYear() < 1 || date.getYear() > 9999) {
                    errors.add(new FieldViolation(path, ErrorCode.INVALID_FORMAT, "a date, YYYY-MM-DD"));
                    yield null;
                }
                yield bounded(date, def, path, errors) == null ? null : date.toString();
            }
            case DATETIME -> {
                OffsetDateTime at = null;
                if (node.isString()) {
                    try {
                        at = OffsetDateTime.parse(node.asString());
                    } catch (DateTimeParseException e) {
                        // reported below
                    }
                }
                if (at == null || at.getYear() < 1 || at.getYear() > 9999) {
                    errors.add(new FieldViolation(
                            path,
                            ErrorCode.INVALID_FORMAT,
                            "an ISO 8601 date-time with offset, e.g. 2026-03-02T10:00:00Z"));
                    yield null;
                }
                Instant instant = at.toInstant();
                yield bounded(instant, def, path, errors) == null ? null : instant.toString();
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    errors.add(new FieldViolation(path, ErrorCode.TYPE_MISMATCH, "must be true or false"));
                    yield null;
                }
                yield node.booleanValue();
            }
            case ENUM -> {
                if (!node.isString()) {
                    errors.add(new FieldViolation(path, ErrorCode.TYPE_MISMATCH, "must be a string"));
                    yield null;
                }
                if (!def.hasOption(node.asString())) {
                    errors.add(new FieldViolation(path, ErrorCode.INVALID_VALUE, "one of " + def.optionValues()));
                    yield null;
                }
                yield node.asString();
            }
            case MULTI_ENUM -> {
                if (!node.isArray()) {
                    errors.add(new FieldViolation(path, ErrorCode.TYPE_MISMATCH, "must be an array of option values"));
                    yield null;
                }
                Set<String> values = new LinkedHashSet<>();
                for (int i = 0; i < node.size(); i++) {
                    JsonNode e = node.get(i);
                    if (!e.isString() || !def.hasOption(e.asString())) {
                        errors.add(new FieldViolation(
                                path + "[" + i + "]", ErrorCode.INVALID_VALUE, "one of " + def.optionValues()));
                    } else {
                        values.add(e.asString());
                    }
                }
                yield values.isEmpty() ? null : List.copyOf(values);
            }
        };
        return errors.size() == before ? value : null;
    }

    private static String string(JsonNode node, CustomProperty def, String path, List<FieldViolation> errors) {
        if (!node.isString()) {
            errors.add(new FieldViolation(path, ErrorCode.TYPE_MISMATCH, "must be a string"));
            return null;
        }
        String v = node.asString();
        if (v.isBlank()) {
            errors.add(new FieldViolation(path, ErrorCode.REQUIRED, "must not be blank; send null to remove it"));
            return null;
        }
        int length = v.codePointCount(0, v.length());
        if (length > DefinitionRules.MAX_STRING) {
            errors.add(new FieldViolation(
                    path, ErrorCode.TOO_LONG, "at most " + DefinitionRules.MAX_STRING + " characters"));
            return null;
        }
        if (def.min() instanceof Integer min && length < min) {
            errors.add(new FieldViolation(path, ErrorCode.TOO_SHORT, "at least " + min + " characters"));
            return null;
        }
        if (def.max() instanceof Integer max && length > max) {
            errors.add(new FieldViolation(path, ErrorCode.TOO_LONG, "at most " + max + " characters"));
            return null;
        }
        if (def.pattern() != null && !Pattern.compile(def.pattern()).matcher(v).matches()) {
            errors.add(new FieldViolation(path, ErrorCode.INVALID_FORMAT, "must match " + def.pattern()));
            return null;
        }
        return v;
    }

    private static Object bounded(Object value, CustomProperty def, String path, List<FieldViolation> errors) {
        Object min = comparable(def.min(), value);
        Object max = comparable(def.max(), value);
        if ((min != null && DefinitionRules.compare(value, min) < 0)
                || (max != null && DefinitionRules.compare(value, max) > 0)) {
            errors.add(new FieldViolation(
                    path,
                    ErrorCode.OUT_OF_RANGE,
                    "must be " + (def.min() == null ? "" : "at least " + def.min())
                            + (def.min() != null && def.max() != null ? " and " : "")
                            + (def.max() == null ? "" : "at most " + def.max())));
            return null;
        }
        return value;
    }

    /** A bound as the value's type (a DECIMAL value meets a BigDecimal bound). */
    private static Object comparable(Object bound, Object value) {
        if (bound == null) {
            return null;
        }
        if (value instanceof BigDecimal && bound instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        return bound;
    }

    /** Integral numbers within a long as Long, others as BigDecimal without trailing zeros: one form per number. */
    static Object number(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            try {
                return stripped.longValueExact();
            } catch (ArithmeticException e) {
                return stripped;
            }
        }
        return stripped;
    }

    /** The canonical form of a stored (or given) JSON value, whatever its definition. */
    static Object canonical(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return number(node.decimalValue());
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(e -> list.add(canonical(e)));
            return List.copyOf(list.stream().filter(Objects::nonNull).toList());
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), canonical(e.getValue())));
        return map;
    }

    private static String abbreviated(String value) {
        return value.length() > 50 ? value.substring(0, 50) + "…" : value;
    }
}
