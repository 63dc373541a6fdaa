package com.crm.customer.search;

import com.crm.customer.profile.CustomerService;
import com.crm.customer.search.SearchProperty.Match;
import com.crm.customer.search.SearchQuery.Condition;
import com.crm.customer.search.SearchQuery.SortOrder;
import com.crm.customer.search.SearchRequest.Filter;
import com.crm.customer.search.SearchRequest.FilterGroup;
import com.crm.customer.search.SearchRequest.Sort;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a {@link SearchRequest} against the limits and the {@link SearchProperties} registry and resolves it into
 * a {@link SearchQuery}; every field at fault is reported at once with its JSON path, e.g.
 * {@code filterGroups[1].filters[0].operator}.
 */
@Component
class SearchValidator {

    static final int MAX_GROUPS = 5;
    static final int MAX_FILTERS_PER_GROUP = 6;
    static final int MAX_FILTERS = 18;
    static final int MAX_VALUES = 100;
    static final int MAX_STRING = 256;
    static final int MAX_QUERY = 200;
    static final int MAX_SORTS = 2;
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 200;
    /** Numbers are compared with numeric(20, 4) columns: anything beyond this many digits matches nothing useful. */
    private static final int MAX_DIGITS = 30;

    private final SearchProperties properties;
    private final CustomerService customers;
    private final JsonMapper json;

    SearchValidator(SearchProperties properties, CustomerService customers, JsonMapper json) {
        this.properties = properties;
        this.customers = customers;
        this.json = json;
    }

    SearchQuery resolve(SearchRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        SearchRequest r = request != null ? request : new SearchRequest(null, null, null, null, null);
        List<List<Condition>> groups = groups(r.filterGroups(), errors);
        List<SortOrder> sorts = sorts(r.sorts(), errors);
        String text = query(r.query(), errors);
        int limit = DEFAULT_LIMIT;
        if (r.limit() != null) {
            if (r.limit() < 1 || r.limit() > MAX_LIMIT) {
                errors.add(new FieldViolation("limit", ErrorCode.OUT_OF_RANGE, "must be between 1 and " + MAX_LIMIT));
            } else {
                limit = r.limit();
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        SearchQuery query = new SearchQuery(groups, text, sorts, limit, null);
        if (r.after() == null || r.after().isBlank()) {
            return query;
        }
        SearchCursor after = SearchCursor.decode(r.after(), query.sortSignature(), sorts, json);
        return new SearchQuery(groups, text, sorts, limit, after);
    }

    private List<List<Condition>> groups(List<FilterGroup> groups, List<FieldViolation> errors) {
        if (groups == null) {
            return List.of();
        }
        if (groups.size() > MAX_GROUPS) {
            errors.add(new FieldViolation("filterGroups", ErrorCode.TOO_MANY, "at most " + MAX_GROUPS + " groups"));
            return List.of();
        }
        int total = groups.stream()
                .mapToInt(
                        g -> g == null || g.filters() == null ? 0 : g.filters().size())
                .sum();
        if (total > MAX_FILTERS) {
            errors.add(new FieldViolation(
                    "filterGroups", ErrorCode.TOO_MANY, "at most " + MAX_FILTERS + " filters in all groups together"));
            return List.of();
        }
        List<List<Condition>> resolved = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            String path = "filterGroups[" + g + "]";
            FilterGroup group = groups.get(g);
            if (group == null) {
                errors.add(new FieldViolation(path, ErrorCode.REQUIRED, "a group must not be null"));
                continue;
            }
            List<Filter> filters = group.filters();
            if (filters == null || filters.isEmpty()) {
                errors.add(new FieldViolation(path + ".filters", ErrorCode.TOO_FEW, "a group needs at least 1 filter"));
                continue;
            }
            if (filters.size() > MAX_FILTERS_PER_GROUP) {
                errors.add(new FieldViolation(
                        path + ".filters",
                        ErrorCode.TOO_MANY,
                        "at most " + MAX_FILTERS_PER_GROUP + " filters per group"));
                continue;
            }
            List<Condition> conditions = new ArrayList<>();
            for (int f = 0; f < filters.size(); f++) {
                Condition c = condition(filters.get(f), path + ".filters[" + f + "]", errors);
                if (c != null) {
                    conditions.add(c);
                }
            }
            resolved.add(conditions);
        }
        return resolved;
    }

    private Condition condition(Filter filter, String path, List<FieldViolation> errors) {
        if (filter == null) {
            errors.add(new FieldViolation(path, ErrorCode.REQUIRED, "a filter must not be null"));
            return null;
        }
        SearchProperty property = property(filter.propertyName(), path + ".propertyName", errors);
        Operator operator = null;
        if (filter.operator() == null || filter.operator().isBlank()) {
            errors.add(new FieldViolation(path + ".operator", ErrorCode.REQUIRED, "an operator is required"));
        } else {
            operator = Operator.named(filter.operator()).orElse(null);
            if (operator == null) {
                errors.add(new FieldViolation(
                        path + ".operator",
                        ErrorCode.INVALID_VALUE,
                        "not an operator; one of " + names(Operator.values())));
            } else if (property != null && !property.operators().contains(operator)) {
                errors.add(new FieldViolation(
                        path + ".operator",
                        ErrorCode.INVALID_VALUE,
                        operator + " does not apply to " + property.name() + " ("
                                + property.type().label() + "); one of "
                                + names(property.operators().toArray(Operator[]::new))));
                operator = null;
            }
        }
        if (property == null || operator == null) {
            return null;
        }
        int before = errors.size();
        List<Object> values = new ArrayList<>();
        switch (operator.operand()) {
            case NONE -> {}
            case VALUE -> values.add(required(filter.value(), property, operator, path + ".value", errors));
            case RANGE -> {
                Object low = required(filter.value(), property, operator, path + ".value", errors);
                Object high = required(filter.highValue(), property, operator, path + ".highValue", errors);
                if (low != null && high != null && compare(low, high) > 0) {
                    errors.add(
                            new FieldViolation(path + ".highValue", ErrorCode.EMPTY_RANGE, "must not be below value"));
                }
                values.add(low);
                values.add(high);
            }
            case VALUES -> {
                List<JsonNode> given = filter.values();
                if (given == null) {
                    errors.add(new FieldViolation(path + ".values", ErrorCode.REQUIRED, operator + " needs values"));
                } else if (given.isEmpty()) {
                    errors.add(new FieldViolation(path + ".values", ErrorCode.TOO_FEW, "at least 1 value"));
                } else if (given.size() > MAX_VALUES) {
                    errors.add(new FieldViolation(
                            path + ".values", ErrorCode.TOO_MANY, "at most " + MAX_VALUES + " values"));
                } else {
                    for (int i = 0; i < given.size(); i++) {
                        values.add(required(given.get(i), property, operator, path + ".values[" + i + "]", errors));
                    }
                }
            }
        }
        return errors.size() == before ? new Condition(property, operator, List.copyOf(values)) : null;
    }

    private SearchProperty property(String name, String path, List<FieldViolation> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new FieldViolation(path, ErrorCode.REQUIRED, "a property name is required"));
            return null;
        }
        SearchProperty property = properties.find(name).orElse(null);
        if (property == null) {
            errors.add(new FieldViolation(
                    path, ErrorCode.UNKNOWN_FIELD, "customers have no property '" + abbreviated(name) + "'"));
        }
        return property;
    }

    /** The value typed and normalised for the property, or null (with the fault reported) when it is not one. */
    private Object required(
            JsonNode node, SearchProperty property, Operator operator, String path, List<FieldViolation> errors) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            errors.add(new FieldViolation(path, ErrorCode.REQUIRED, operator + " needs a value"));
            return null;
        }
        try {
            return typed(node, property, operator, path);
        } catch (Fault fault) {
            errors.add(fault.violation);
            return null;
        }
    }

    private Object typed(JsonNode node, SearchProperty property, Operator operator, String path) {
        return switch (property.type()) {
            case STRING -> text(node, property, operator, path);
            case TAGS -> {
                Object value = text(node, property, operator, path);
                if (!property.enumValues().isEmpty() && !property.enumValues().contains(value)) {
                    throw new Fault(path, ErrorCode.INVALID_VALUE, "one of " + property.enumValues());
                }
                yield value;
            }
            case ENUM -> {
                String value = string(node, path);
                if (!property.enumValues().contains(value)) {
                    throw new Fault(path, ErrorCode.INVALID_VALUE, "one of " + property.enumValues());
                }
                yield value;
            }
            case NUMBER -> number(node, path);
            case DATE -> {
                LocalDate date;
                try {
                    date = LocalDate.parse(string(node, path));
                } catch (DateTimeParseException e) {
                    throw new Fault(path, ErrorCode.INVALID_FORMAT, "a date, YYYY-MM-DD");
                }
                if (!storable(date)) {
                    throw new Fault(path, ErrorCode.OUT_OF_RANGE, "a year from 1 to 9999");
                }
                yield date;
            }
            case DATE_TIME -> {
                OffsetDateTime at;
                try {
                    at = OffsetDateTime.parse(string(node, path));
                } catch (DateTimeParseException e) {
                    throw new Fault(
                            path,
                            ErrorCode.INVALID_FORMAT,
                            "an ISO 8601 date-time with offset, e.g. 2026-03-02T10:00:00Z");
                }
                if (!storable(at)) {
                    throw new Fault(path, ErrorCode.OUT_OF_RANGE, "a year from 1 to 9999");
                }
                yield at;
            }
            case BOOLEAN -> {
                if (node.isBoolean()) {
                    yield node.booleanValue();
                }
                String value = string(node, path);
                if (!value.equals("true") && !value.equals("false")) {
                    throw new Fault(path, ErrorCode.INVALID_VALUE, "true or false");
                }
                yield Boolean.valueOf(value);
            }
        };
    }

    private Object text(JsonNode node, SearchProperty property, Operator operator, String path) {
        String value = string(node, path);
        if (value.isBlank()) {
            throw new Fault(path, ErrorCode.REQUIRED, "must not be blank");
        }
        if (property.match() == Match.EMAIL) {
            return value.strip().toLowerCase(Locale.ROOT);
        }
        if (property.match() == Match.PHONE) {
            if (operator == Operator.CONTAINS_TOKEN) {
                String digits = value.replaceAll("[^0-9]", "");
                if (digits.isEmpty()) {
                    throw new Fault(path, ErrorCode.INVALID_FORMAT, "a part of a phone number, with digits");
                }
                return digits;
            }
            try {
                return customers.phoneFilter(value);
            } catch (ApiException e) {
                throw new Fault(path, ErrorCode.INVALID_PHONE, "'" + abbreviated(value) + "' is not a phone number");
            }
        }
        return property.type() == PropertyType.TAGS ? value.strip() : value;
    }

    private static String string(JsonNode node, String path) {
        if (!node.isString()) {
            throw new Fault(path, ErrorCode.TYPE_MISMATCH, "must be a string");
        }
        String value = node.asString();
        if (value.length() > MAX_STRING) {
            throw new Fault(path, ErrorCode.TOO_LONG, "at most " + MAX_STRING + " characters");
        }
        return value;
    }

    private static BigDecimal number(JsonNode node, String path) {
        BigDecimal value;
        if (node.isNumber()) {
            try {
                value = node.decimalValue();
            } catch (RuntimeException e) {
                throw new Fault(path, ErrorCode.OUT_OF_RANGE, "not a finite number");
            }
        } else if (node.isString()) {
            try {
                value = new BigDecimal(string(node, path).strip());
            } catch (NumberFormatException e) {
                throw new Fault(path, ErrorCode.INVALID_FORMAT, "a decimal number");
            }
        } else {
            throw new Fault(path, ErrorCode.TYPE_MISMATCH, "must be a number");
        }
        if (!storable(value)) {
            throw new Fault(
                    path, ErrorCode.OUT_OF_RANGE, "at most " + MAX_DIGITS + " digits before and after the point");
        }
        return value;
    }

    private List<SortOrder> sorts(List<Sort> sorts, List<FieldViolation> errors) {
        if (sorts == null) {
            return List.of();
        }
        if (sorts.size() > MAX_SORTS) {
            errors.add(new FieldViolation("sorts", ErrorCode.TOO_MANY, "at most " + MAX_SORTS + " sorts"));
            return List.of();
        }
        List<SortOrder> resolved = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < sorts.size(); i++) {
            String path = "sorts[" + i + "]";
            Sort sort = sorts.get(i);
            if (sort == null) {
                errors.add(new FieldViolation(path, ErrorCode.REQUIRED, "a sort must not be null"));
                continue;
            }
            SearchProperty property = property(sort.propertyName(), path + ".propertyName", errors);
            if (property != null && !property.sortable()) {
                errors.add(new FieldViolation(
                        path + ".propertyName", ErrorCode.INVALID_VALUE, property.name() + " cannot be sorted by"));
                property = null;
            } else if (property != null && !seen.add(property.name())) {
                errors.add(new FieldViolation(path + ".propertyName", ErrorCode.DUPLICATE, "already sorted by"));
                property = null;
            }
            Boolean descending = switch (sort.direction() == null ? "ASCENDING" : sort.direction()) {
                case "ASCENDING", "ASC" -> false;
                case "DESCENDING", "DESC" -> true;
                default -> null;
            };
            if (descending == null) {
                errors.add(new FieldViolation(
                        path + ".direction", ErrorCode.INVALID_VALUE, "ASCENDING or DESCENDING (or ASC, DESC)"));
            }
            if (property != null && descending != null) {
                resolved.add(new SortOrder(property, descending));
            }
        }
        return resolved;
    }

    private static String query(String query, List<FieldViolation> errors) {
        if (query == null || query.isBlank()) {
            return null;
        }
        if (query.length() > MAX_QUERY) {
            errors.add(new FieldViolation("query", ErrorCode.TOO_LONG, "at most " + MAX_QUERY + " characters"));
            return null;
        }
        return query.strip();
    }

    /** Whether PostgreSQL can hold the value: bounded decimals, years 1 to 9999, text without NUL. */
    static boolean storable(Object value) {
        return switch (value) {
            case BigDecimal d -> d.precision() - d.scale() <= MAX_DIGITS && d.scale() <= MAX_DIGITS;
            case LocalDate d -> d.getYear() >= 1 && d.getYear() <= 9999;
            case OffsetDateTime t -> t.getYear() >= 1 && t.getYear() <= 9999;
            case String s -> s.length() <= 4 * MAX_STRING && s.indexOf('\0') < 0;
            default -> true;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object low, Object high) {
        return ((Comparable) low).compareTo(high);
    }

    private static String names(Operator[] operators) {
        return String.join(
                ", ", java.util.Arrays.stream(operators).map(Enum::name).toList());
    }

    private static String abbreviated(String value) {
        return value.length() > 50 ? value.substring(0, 50) + "…" : value;
    }

    /** A value at fault, thrown from deep inside the typing and caught per value. */
    private static final class Fault extends RuntimeException {

        private final transient FieldViolation violation;

        Fault(String field, ErrorCode code, String message) {
            super(message, null, false, false);
            this.violation = new FieldViolation(field, code, message);
        }
    }
}
