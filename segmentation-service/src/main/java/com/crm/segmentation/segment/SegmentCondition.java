package com.crm.segmentation.segment;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A segment condition: a JSON tree of {@code {"all":[...]}}, {@code {"any":[...]}}, {@code {"not":{...}}} and
 * comparisons {@code {"field":"tier","op":"in","value":["S","A"]}}, compiled to a parameterised SQL predicate over
 * {@code segment_subject}. Only the fields below exist; every fault is reported with its JSON path.
 */
final class SegmentCondition {

    enum Kind {
        NUMBER,
        TEXT,
        DATE,
        TAGS
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
    }

    private static final Map<String, String> COMPARISONS =
            Map.of("eq", "=", "ne", "<>", "gt", ">", "gte", ">=", "lt", "<", "lte", "<=");

    /** The SQL predicate and its named parameters. */
    record Compiled(String sql, Map<String, Object> params) {}

    private final Map<String, Object> params = new LinkedHashMap<>();
    private final List<FieldViolation> errors = new ArrayList<>();

    private SegmentCondition() {}

    static Compiled compile(JsonNode condition, String path) {
        SegmentCondition c = new SegmentCondition();
        String sql = c.node(condition, path, 0);
        if (!c.errors.isEmpty()) {
            throw ApiException.invalid(c.errors);
        }
        return new Compiled(sql, c.params);
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
        Field field = fieldName == null ? null : FIELDS.get(fieldName);
        if (field == null) {
            return fail(path + ".field", ErrorCode.UNKNOWN_FIELD, "one of " + String.join(", ", FIELDS.keySet()));
        }
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
