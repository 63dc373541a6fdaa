package com.crm.segmentation.segment;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A segment condition: a JSON tree of {@code {"all":[...]}}, {@code {"any":[...]}}, {@code {"not":{...}}} and
 * comparisons {@code {"field":"tier","op":"in","value":["S","A"]}}, compiled to a parameterised SQL predicate over
 * {@code segment_subject s}. Only the fields below exist; every fault is reported with its JSON path.
 *
 * <p>Behaviour over time counts the customer's records in the last {@code withinDays} days:
 * {@code {"field":"purchases","withinDays":30,"op":"gte","value":2}}; {@code interactions} may narrow to an
 * {@code interactionType} and / or a {@code channel}; {@code complaints} counts as the metrics do (an interaction of
 * type COMPLAINT and a complaint opened in feedback-service about it are one). "No purchase in 90 days" is a count
 * of 0. Such conditions change as days pass without any event: {@link Compiled#timeWindow()} says so.
 *
 * <p>Custom properties (projected from {@code crm.customer.v1}, JSON values in {@code properties}) are fields
 * {@code properties.<name>}: {@code eq}, {@code ne} and {@code in} compare the text of the JSON value
 * ({@code properties ->> name}); {@code gt} ... {@code lte} compare numerically with a number (a value stored as
 * anything but a JSON number is false) and as text with a string (ISO dates and date-times order so; a value stored as
 * anything but a JSON string is false); {@code exists}; {@code contains} holds for a multi-valued property (a JSON
 * array) holding the string.
 */
final class SegmentCondition {

    enum Kind {
        NUMBER,
        TEXT,
        DATE,
        TAGS,
        /** a count of records in a window of days (a correlated subquery, see {@link #behaviour}) */
        BEHAVIOUR
    }

    record Field(String column, Kind kind) {}

    static final Map<String, Field> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("purchaseDays", new Field("purchase_days", Kind.NUMBER));
        FIELDS.put("repeatPurchaseDays", new Field("repeat_purchase_days", Kind.NUMBER));
        FIELDS.put("totalSpend", new Field("total_spend", Kind.NUMBER));
        FIELDS.put("meanSpend", new Field("mean_spend", Kind.NUMBER));
        FIELDS.put("firstPurchaseAt", new Field("first_purchase_at", Kind.DATE));
        FIELDS.put("lastPurchaseAt", new Field("last_purchase_at", Kind.DATE));
        FIELDS.put("tenureDays", new Field("tenure_days", Kind.NUMBER));
        FIELDS.put("recentInteractions", new Field("recent_interactions", Kind.NUMBER));
        FIELDS.put("recentPurchaseIntents", new Field("recent_purchase_intents", Kind.NUMBER));
        FIELDS.put("recentComplaints", new Field("recent_complaints", Kind.NUMBER));
        FIELDS.put("recency", new Field("recency_score", Kind.NUMBER));
        FIELDS.put("frequency", new Field("frequency_score", Kind.NUMBER));
        FIELDS.put("monetary", new Field("monetary_score", Kind.NUMBER));
        FIELDS.put("rfmSegment", new Field("rfm_segment", Kind.TEXT));
        FIELDS.put("pAlive", new Field("p_alive", Kind.NUMBER));
        FIELDS.put("expectedPurchases", new Field("expected_purchases", Kind.NUMBER));
        FIELDS.put("clv", new Field("clv", Kind.NUMBER));
        FIELDS.put("clvPercentile", new Field("clv_percentile", Kind.NUMBER));
        FIELDS.put("churnRisk", new Field("churn_risk", Kind.NUMBER));
        FIELDS.put("tier", new Field("tier", Kind.TEXT));
        FIELDS.put("quadrant", new Field("quadrant", Kind.TEXT));
        FIELDS.put("stage", new Field("stage", Kind.TEXT));
        FIELDS.put("type", new Field("type", Kind.TEXT));
        FIELDS.put("region", new Field("region", Kind.TEXT));
        FIELDS.put("industry", new Field("industry", Kind.TEXT));
        FIELDS.put("ownerId", new Field("owner_id", Kind.TEXT));
        FIELDS.put("tags", new Field("tags", Kind.TAGS));
        // from crm.loyalty.v1: the member's level code (e.g. GOLD) and points balance (0 without a membership)
        FIELDS.put("loyaltyLevel", new Field("loyalty_level", Kind.TEXT));
        FIELDS.put("pointsBalance", new Field("points_balance", Kind.NUMBER));
        FIELDS.put("purchases", new Field(null, Kind.BEHAVIOUR));
        FIELDS.put("interactions", new Field(null, Kind.BEHAVIOUR));
        FIELDS.put("complaints", new Field(null, Kind.BEHAVIOUR));
    }

    static final int MAX_WINDOW_DAYS = 3650;

    /** The prefix of a custom property field: {@code properties.<name>}. */
    static final String PROPERTIES = "properties.";

    /** A custom property's API name as customer-service allows it. */
    private static final Pattern PROPERTY_NAME = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

    /** Keys only a behaviour comparison takes. */
    private static final List<String> WINDOW_KEYS = List.of("withinDays", "interactionType", "channel");

    private static final Map<String, String> COMPARISONS =
            Map.of("eq", "=", "ne", "<>", "gt", ">", "gte", ">=", "lt", "<", "lte", "<=");

    /**
     * The SQL predicate (over {@code segment_subject s}) and its named parameters; {@code timeWindow} when it counts
     * behaviour in a window of days, so that its answer changes as time passes.
     */
    record Compiled(String sql, Map<String, Object> params, boolean timeWindow) {}

    private final Map<String, Object> params = new LinkedHashMap<>();
    private final List<FieldViolation> errors = new ArrayList<>();
    private boolean timeWindow;

    private SegmentCondition() {}

    static Compiled compile(JsonNode condition, String path) {
        SegmentCondition c = new SegmentCondition();
        return c.done(c.node(condition, path, 0));
    }

    /** A list of conditions that must all hold ({@code path[i]} names the faults). */
    static Compiled compileAll(JsonNode conditions, String path) {
        SegmentCondition c = new SegmentCondition();
        if (conditions == null || !conditions.isArray() || conditions.isEmpty() || conditions.size() > 100) {
            c.fail(path, ErrorCode.TYPE_MISMATCH, "a list of 1-100 conditions");
            return c.done("false");
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            parts.add(c.node(conditions.get(i), path + "[" + i + "]", 1));
        }
        return c.done("(" + String.join(" and ", parts) + ")");
    }

    private Compiled done(String sql) {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        // picking customers by their data is profiling: a customer who withdrew it (or never allowed it) is never
        // picked, by a dynamic segment, its preview or a search that fills a static list
        return new Compiled("(s.profiling_allowed and " + sql + ")", params, timeWindow);
    }

    private String fail(String path, ErrorCode code, String message) {
        errors.add(new FieldViolation(path, code, message));
        return "false";
    }

    private String node(JsonNode n, String path, int depth) {
        if (n == null || !n.isObject()) {
            return fail(path, ErrorCode.TYPE_MISMATCH, "must be an object: all, any, not or a comparison");
        }
        if (depth > 20) {
            return fail(path, ErrorCode.TOO_MANY, "conditions nest at most 20 levels");
        }
        if (n.has("all") || n.has("any")) {
            String key = n.has("all") ? "all" : "any";
            JsonNode list = n.get(key);
            if (n.size() != 1 || !list.isArray() || list.isEmpty() || list.size() > 100) {
                return fail(
                        path + "." + key,
                        ErrorCode.TYPE_MISMATCH,
                        key + " takes a list of 1-100 conditions and nothing else");
            }
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                parts.add(node(list.get(i), path + "." + key + "[" + i + "]", depth + 1));
            }
            return "(" + String.join(key.equals("all") ? " and " : " or ", parts) + ")";
        }
        if (n.has("not")) {
            if (n.size() != 1) {
                return fail(path, ErrorCode.TYPE_MISMATCH, "not takes one condition and nothing else");
            }
            return "(not coalesce(" + node(n.get("not"), path + ".not", depth + 1) + ", false))";
        }
        return comparison(n, path);
    }

    private String comparison(JsonNode n, String path) {
        String fieldName = n.path("field").asString(null);
        String op = n.path("op").asString(null);
        JsonNode value = n.get("value");
        if (fieldName != null && fieldName.startsWith(PROPERTIES)) {
            noWindow(n, path);
            return property(fieldName.substring(PROPERTIES.length()), op, value, path);
        }
        Field field = fieldName == null ? null : FIELDS.get(fieldName);
        if (field == null) {
            return fail(
                    path + ".field",
                    ErrorCode.UNKNOWN_FIELD,
                    "one of " + String.join(", ", FIELDS.keySet()) + " or properties.<name>");
        }
        if (field.kind() == Kind.BEHAVIOUR) {
            return behaviour(fieldName, n, path);
        }
        noWindow(n, path);
        if (op == null) {
            return fail(path + ".op", ErrorCode.INVALID_VALUE, "one of eq, ne, gt, gte, lt, lte, in, contains, exists");
        }
        String column = field.column();
        if (op.equals("exists")) {
            return column + " is not null";
        }
        if (field.kind() == Kind.TAGS) {
            if (!op.equals("contains") || value == null || !value.isString()) {
                return fail(path, ErrorCode.TYPE_MISMATCH, "tags support only contains with a string value");
            }
            return bind(value.asString()) + " = any(tags)";
        }
        if (op.equals("in")) {
            if (value == null || !value.isArray() || value.isEmpty() || value.size() > 1000) {
                return fail(path + ".value", ErrorCode.TYPE_MISMATCH, "in takes a list of 1-1000 values");
            }
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                values.add(scalar(field, value.get(i), path + ".value[" + i + "]"));
            }
            return "coalesce(" + column + " in (" + bind(values) + "), false)";
        }
        String sqlOp = COMPARISONS.get(op);
        if (sqlOp == null) {
            return fail(path + ".op", ErrorCode.INVALID_VALUE, "one of eq, ne, gt, gte, lt, lte, in, contains, exists");
        }
        if (field.kind() == Kind.TEXT && !(op.equals("eq") || op.equals("ne"))) {
            return fail(path + ".op", ErrorCode.INVALID_VALUE, fieldName + " is text: eq, ne, in or exists");
        }
        Object v = scalar(field, value, path + ".value");
        return "coalesce(" + column + " " + sqlOp + " " + bind(v) + ", false)";
    }

    private void noWindow(JsonNode n, String path) {
        for (String key : WINDOW_KEYS) {
            if (n.has(key)) {
                fail(
                        path + "." + key,
                        ErrorCode.UNKNOWN_FIELD,
                        "only purchases, interactions and complaints take " + key);
            }
        }
    }

    /**
     * A comparison on the custom property {@code name}: its name and value are bound as parameters, and a stored value
     * of another JSON type than the comparison needs is false, never a cast error.
     */
    private String property(String name, String op, JsonNode value, String path) {
        if (!PROPERTY_NAME.matcher(name).matches()) {
            return fail(
                    path + ".field",
                    ErrorCode.INVALID_FORMAT,
                    "properties.<name>: a custom property's API name, matching ^[a-z][a-z0-9_]{0,62}$");
        }
        if (op == null) {
            return fail(path + ".op", ErrorCode.INVALID_VALUE, "one of eq, ne, gt, gte, lt, lte, in, contains, exists");
        }
        String key = "cast(" + bind(name) + " as text)";
        switch (op) {
            case "exists" -> {
                return "((properties ->> " + key + ") is not null)";
            }
            case "contains" -> {
                if (value == null || !value.isString()) {
                    return fail(path + ".value", ErrorCode.TYPE_MISMATCH, "contains takes a string");
                }
                // containment at the top level, so that the GIN index on customer_profile.properties serves it
                return "coalesce(properties @> jsonb_build_object(" + key + ", jsonb_build_array(cast("
                        + bind(value.asString()) + " as text))), false)";
            }
            case "in" -> {
                if (value == null || !value.isArray() || value.isEmpty() || value.size() > 1000) {
                    return fail(path + ".value", ErrorCode.TYPE_MISMATCH, "in takes a list of 1-1000 values");
                }
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < value.size(); i++) {
                    values.add(propertyText(value.get(i), path + ".value[" + i + "]"));
                }
                return "coalesce((properties ->> " + key + ") in (" + bind(values) + "), false)";
            }
            default -> {}
        }
        String sqlOp = COMPARISONS.get(op);
        if (sqlOp == null) {
            return fail(path + ".op", ErrorCode.INVALID_VALUE, "one of eq, ne, gt, gte, lt, lte, in, contains, exists");
        }
        if (op.equals("eq") || op.equals("ne")) {
            return "coalesce((properties ->> " + key + ") " + sqlOp + " " + bind(propertyText(value, path + ".value"))
                    + ", false)";
        }
        if (value != null && value.isNumber()) {
            return "coalesce(case when jsonb_typeof(properties -> " + key + ") = 'number' then (properties ->> " + key
                    + ")::numeric end " + sqlOp + " " + bind(value.decimalValue()) + ", false)";
        }
        if (value != null && value.isString()) {
            // byte order: ISO dates and date-times (of one offset) compare as they read
            return "coalesce(case when jsonb_typeof(properties -> " + key + ") = 'string' then (properties ->> " + key
                    + ") end collate \"C\" " + sqlOp + " cast(" + bind(value.asString()) + " as text), false)";
        }
        return fail(
                path + ".value",
                ErrorCode.TYPE_MISMATCH,
                op + " takes a number, or a string (ISO dates compare as text)");
    }

    /** The text of a scalar JSON value, as {@code ->>} yields it for a stored one. */
    private String propertyText(JsonNode value, String path) {
        if (value == null || !(value.isString() || value.isNumber() || value.isBoolean())) {
            fail(path, ErrorCode.TYPE_MISMATCH, "must be a string, a number or a boolean");
            return "";
        }
        return value.asString();
    }

    /**
     * A count of the customer's purchases, interactions or complaints in the last {@code withinDays} days compared
     * with a whole number: a correlated subquery on {@code s.customer_id}, served by the per-customer time indexes.
     */
    private String behaviour(String fieldName, JsonNode n, String path) {
        String op = n.path("op").asString(null);
        String sqlOp = op == null ? null : COMPARISONS.get(op);
        if (sqlOp == null) {
            fail(path + ".op", ErrorCode.INVALID_VALUE, fieldName + " is a count: eq, ne, gt, gte, lt or lte");
        }
        JsonNode days = n.get("withinDays");
        if (days == null || !days.canConvertToExactIntegral() || !days.isNumber()) {
            fail(path + ".withinDays", ErrorCode.REQUIRED, "the window in days, a whole number 1-" + MAX_WINDOW_DAYS);
        } else if (days.asLong() < 1 || days.asLong() > MAX_WINDOW_DAYS) {
            fail(path + ".withinDays", ErrorCode.OUT_OF_RANGE, "a whole number 1-" + MAX_WINDOW_DAYS);
        }
        JsonNode value = n.get("value");
        if (value == null || !value.isNumber() || !value.canConvertToExactIntegral()) {
            fail(path + ".value", ErrorCode.TYPE_MISMATCH, "a count: a whole number");
        } else if (value.asLong() < 0 || value.asLong() > Integer.MAX_VALUE) {
            fail(path + ".value", ErrorCode.OUT_OF_RANGE, "a count from 0");
        }
        String interactionType = text(n, "interactionType", path);
        String channel = text(n, "channel", path);
        if (!fieldName.equals("interactions")) {
            for (String key : List.of("interactionType", "channel")) {
                if (n.has(key)) {
                    fail(path + "." + key, ErrorCode.UNKNOWN_FIELD, "only interactions take " + key);
                }
            }
        }
        if (sqlOp == null || !errors.isEmpty()) {
            return "false";
        }
        timeWindow = true;
        String since = "now() - make_interval(days => " + bind(days.asInt()) + ")";
        String count = switch (fieldName) {
            case "purchases" ->
                "(select count(*) from purchase p where p.customer_id = s.customer_id"
                        + " and p.kind = 'PURCHASE' and p.occurred_at >= " + since + ")";
            case "interactions" ->
                "(select count(*) from interaction_signal i where i.customer_id = s.customer_id"
                        + " and i.occurred_at >= " + since
                        + (interactionType == null ? "" : " and upper(i.type) = " + bind(interactionType))
                        + (channel == null ? "" : " and upper(i.channel) = " + bind(channel)) + ")";
            // as the metrics count them: a feedback complaint about an interaction already counted is one
            default ->
                "((select count(*) from interaction_signal i where i.customer_id = s.customer_id"
                        + " and i.complaint and i.occurred_at >= " + since + ")"
                        + " + (select count(*) from feedback_signal f where f.customer_id = s.customer_id"
                        + " and f.kind = 'COMPLAINT' and f.occurred_at >= " + since
                        + " and (f.interaction_id is null or not exists (select 1 from interaction_signal fi"
                        + " where fi.interaction_id = f.interaction_id and fi.complaint))))";
        };
        return "(" + count + " " + sqlOp + " " + bind(value.asLong()) + ")";
    }

    /** An optional upper-cased text filter of a behaviour comparison. */
    private String text(JsonNode n, String key, String path) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString() || v.asString().isBlank() || v.asString().length() > 32) {
            fail(path + "." + key, ErrorCode.TYPE_MISMATCH, "a string of 1-32 characters");
            return null;
        }
        return v.asString().strip().toUpperCase(Locale.ROOT);
    }

    private Object scalar(Field field, JsonNode value, String path) {
        switch (field.kind()) {
            case NUMBER -> {
                if (value == null || !value.isNumber()) {
                    fail(path, ErrorCode.TYPE_MISMATCH, "must be a number");
                    return 0;
                }
                return value.decimalValue();
            }
            case DATE -> {
                try {
                    return LocalDate.parse(value == null ? "" : value.asString());
                } catch (DateTimeParseException e) {
                    fail(path, ErrorCode.INVALID_FORMAT, "must be an ISO date (yyyy-MM-dd)");
                    return LocalDate.EPOCH;
                }
            }
            default -> {
                if (value == null || !value.isString()) {
                    fail(path, ErrorCode.TYPE_MISMATCH, "must be a string");
                    return "";
                }
                return value.asString();
            }
        }
    }

    private String bind(Object value) {
        String name = "c" + params.size();
        params.put(name, value);
        return ":" + name;
    }
}
