package com.crm.customer.search;

import com.crm.customer.search.SearchProperty.Match;
import com.crm.customer.search.SearchQuery.Condition;
import com.crm.customer.search.SearchQuery.SortOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the SQL of a {@link SearchQuery}: the expressions come from the property registry, every value the client
 * sent is a bound parameter ({@code :s0}, {@code :s1}, ...), never part of the statement's text.
 */
final class SearchSql {

    /** The free text is looked for in this one expression, which a trigram index covers (V21). */
    static final String SEARCH_TEXT =
            "customer_search_text(c.display_name, c.given_name, c.family_name, c.company, c.email_keys, c.phone_keys)";

    /** The grams beyond ASCII of {@link #SEARCH_TEXT}, which a GIN index covers (V25). */
    static final String SEARCH_GRAMS = "customer_search_grams(" + SEARCH_TEXT + ")";

    private final Map<String, Object> params = new HashMap<>();
    private final JsonMapper json;
    private final String id;

    /** @param id the customer's id in the statement: {@code c.id}, or {@code pv.customer_id} when read from the scores */
    SearchSql(JsonMapper json, String id) {
        this.json = json;
        this.id = id;
    }

    Map<String, Object> params() {
        return params;
    }

    /** The filter groups and the free text: what decides whether a customer matches (the total counts these). */
    String matches(SearchQuery q) {
        List<String> parts = new ArrayList<>();
        if (!q.groups().isEmpty()) {
            parts.add(anyOf(q.groups()));
        }
        if (q.text() != null) {
            parts.add(text(q.text()));
        }
        return parts.isEmpty() ? "true" : String.join(" and ", parts);
    }

    /**
     * {@link #matches} split by filter group into conditions no two customers share: a customer matches in the first
     * group it is in. Each alone is an AND of filters that indexes can answer together, which an OR across groups (of
     * two tables, say the value scores and the tags) is not; one per group, and one in all without groups.
     */
    List<String> matchesByGroup(SearchQuery q) {
        if (q.groups().size() < 2) {
            return List.of(matches(q));
        }
        List<String> disjoint = new ArrayList<>();
        for (int i = 0; i < q.groups().size(); i++) {
            List<String> parts = new ArrayList<>();
            parts.add(allOf(q.groups().get(i)));
            if (i > 0) {
                // "is not true": a group unknown (null) for a customer did not match it
                parts.add(anyOf(q.groups().subList(0, i)) + " is not true");
            }
            if (q.text() != null) {
                parts.add(text(q.text()));
            }
            disjoint.add(String.join(" and ", parts));
        }
        return disjoint;
    }

    private String anyOf(List<List<Condition>> groups) {
        return groups.stream().map(this::allOf).collect(Collectors.joining(" or ", "(", ")"));
    }

    private String allOf(List<Condition> group) {
        return group.stream().map(this::condition).collect(Collectors.joining(" and ", "(", ")"));
    }

    /**
     * The free text as a case-insensitive substring. Beyond ASCII (CJK above all) the gram index answers: a text holding
     * the query holds all of its grams, and a query of one or two such characters is found by its grams alone.
     */
    private String text(String text) {
        boolean ascii = text.chars().allMatch(ch -> ch < 0x80);
        String grams = ascii ? null : SEARCH_GRAMS + " @> customer_search_grams(cast(" + bind(text) + " as text))";
        if (!ascii
                && text.codePointCount(0, text.length()) <= 2
                && text.codePoints().allMatch(SearchSql::caselessBeyondAscii)) {
            return grams;
        }
        String like = SEARCH_TEXT + " ilike " + bind(contains(text)) + " escape '\\'";
        if (!ascii) {
            like = "(" + like + " and " + grams + ")";
        }
        String digits = text.replaceAll("[^0-9]", "");
        if (digits.length() >= 3 && !digits.equals(text)) {
            // "138-0013-8000" finds +8613800138000: the phones are in the text as digits
            return "(" + like + " or " + SEARCH_TEXT + " like " + bind(contains(digits)) + " escape '\\')";
        }
        return like;
    }

    /**
     * A character that lower-casing leaves as it is, outside ASCII (CJK, for one): its grams are then those of the text
     * the database lower-cases, which makes a match of one or two of them exact.
     */
    private static boolean caselessBeyondAscii(int codePoint) {
        return codePoint >= 0x80
                && Character.toLowerCase(codePoint) == codePoint
                && Character.toUpperCase(codePoint) == codePoint
                && Character.toTitleCase(codePoint) == codePoint;
    }

    /** Rows after the cursor in the order of {@link #orderBy}: nulls last, the id as the final tie-breaker. */
    String after(SearchQuery q) {
        if (q.after() == null) {
            return "true";
        }
        String condition = id + " > " + bind(q.after().id());
        for (int i = q.sorts().size() - 1; i >= 0; i--) {
            SortOrder sort = q.sorts().get(i);
            String expr = sort.property().sortSql();
            Object value = q.after().values().get(i);
            if (value == null) {
                // among the nulls at the end: only more nulls follow
                condition = "(" + expr + " is null and " + condition + ")";
            } else {
                String p = bind(value);
                String beyond = "(" + expr + (sort.descending() ? " < " : " > ") + p + " or " + expr + " is null)";
                condition = "(" + beyond + " or (" + expr + " = " + p + " and " + condition + "))";
            }
        }
        return condition;
    }

    static String sortColumns(SearchQuery q) {
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i < q.sorts().size(); i++) {
            columns.append(", ")
                    .append(q.sorts().get(i).property().sortSql())
                    .append(" as sort")
                    .append(i);
        }
        return columns.toString();
    }

    /** {@link #orderBy} over the columns {@link #sortColumns} names, for a statement that reads them from a subquery. */
    static String orderByColumns(SearchQuery q) {
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < q.sorts().size(); i++) {
            order.append("sort")
                    .append(i)
                    .append(q.sorts().get(i).descending() ? " desc" : " asc")
                    .append(" nulls last, ");
        }
        return order.append("id").toString();
    }

    String orderBy(SearchQuery q) {
        StringBuilder order = new StringBuilder();
        for (SortOrder sort : q.sorts()) {
            order.append(sort.property().sortSql())
                    .append(sort.descending() ? " desc" : " asc")
                    .append(" nulls last, ");
        }
        return order.append(id).toString();
    }

    private String condition(Condition c) {
        return c.property().multiValued() ? multiValued(c) : singleValued(c);
    }

    private String singleValued(Condition c) {
        String e = c.property().sql();
        List<Object> v = c.values();
        if (c.property().customName() != null && c.property().type() != PropertyType.DATE_TIME) {
            // a custom value equal to the one asked for: jsonb containment, which the GIN index answers
            if (c.operator() == Operator.EQ) {
                return contains(c.property().customName(), v.get(0));
            }
            if (c.operator() == Operator.IN) {
                return v.stream()
                        .map(value -> contains(c.property().customName(), value))
                        .collect(Collectors.joining(" or ", "(", ")"));
            }
        }
        return switch (c.operator()) {
            // a missing value matches neither EQ nor NEQ (as in HubSpot): comparisons with null are not true
            case EQ -> e + " = " + bind(v.get(0));
            case NEQ -> e + " <> " + bind(v.get(0));
            case LT -> e + " < " + bind(v.get(0));
            case LTE -> e + " <= " + bind(v.get(0));
            case GT -> e + " > " + bind(v.get(0));
            case GTE -> e + " >= " + bind(v.get(0));
            case BETWEEN -> e + " between " + bind(v.get(0)) + " and " + bind(v.get(1));
            case IN -> e + " in (" + bind(v) + ")";
            case NOT_IN -> e + " not in (" + bind(v) + ")";
            case HAS_PROPERTY -> e + " is not null";
            case NOT_HAS_PROPERTY -> e + " is null";
            case CONTAINS_TOKEN -> e + " ilike " + bind(contains((String) v.get(0))) + " escape '\\'";
        };
    }

    private String multiValued(Condition c) {
        String e = c.property().sql();
        List<Object> v = c.values();
        if (c.property().customName() != null) {
            // a custom multi-valued property holding the value: jsonb containment of a one-element array
            if (c.operator() == Operator.EQ || c.operator() == Operator.CONTAINS_TOKEN) {
                return contains(c.property().customName(), List.of(v.get(0)));
            }
            if (c.operator() == Operator.IN) {
                return v.stream()
                        .map(value -> contains(c.property().customName(), List.of(value)))
                        .collect(Collectors.joining(" or ", "(", ")"));
            }
        }
        return switch (c.operator()) {
            case EQ -> e + " @> array[cast(" + bind(v.get(0)) + " as text)]";
            case NEQ -> "(cardinality(" + e + ") > 0 and not " + e + " @> array[cast(" + bind(v.get(0)) + " as text)])";
            case IN -> e + " && " + textArray(v);
            case NOT_IN -> "(cardinality(" + e + ") > 0 and not " + e + " && " + textArray(v) + ")";
            case HAS_PROPERTY -> "cardinality(" + e + ") > 0";
            case NOT_HAS_PROPERTY -> "cardinality(" + e + ") = 0";
            case CONTAINS_TOKEN ->
                c.property().match() == Match.EXACT
                        // tags: has this tag
                        ? e + " @> array[cast(" + bind(v.get(0)) + " as text)]"
                        // e-mail keys are lower-case, phone keys E.164: a substring of any of them
                        : "exists (select 1 from unnest(" + e + ") k where k like " + bind(contains((String) v.get(0)))
                                + " escape '\\')";
            default -> throw new IllegalStateException(c.operator() + " on a list: the registry does not allow it");
        };
    }

    /** {@code c.properties @> {"<name>": <value>}}, the value bound as JSON (a date as its ISO string). */
    private String contains(String name, Object value) {
        Object json = value instanceof java.time.LocalDate d ? d.toString() : value;
        Map<String, Object> document = new HashMap<>();
        document.put(name, json);
        return "c.properties @> cast(" + bind(this.json.writeValueAsString(document)) + " as jsonb)";
    }

    /** A text[] from a JSON array parameter: sidesteps driver-specific array binding. */
    private String textArray(List<Object> values) {
        return "array(select jsonb_array_elements_text(cast(" + bind(json.writeValueAsString(values)) + " as jsonb)))";
    }

    private String bind(Object value) {
        String name = "s" + params.size();
        params.put(name, value);
        return ":" + name;
    }

    /** A LIKE pattern for "contains": the wildcards of the value itself escaped. */
    private static String contains(String value) {
        return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
