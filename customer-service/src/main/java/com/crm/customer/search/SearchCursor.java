package com.crm.customer.search;

import com.crm.customer.search.SearchProperty.SortKey;
import com.crm.customer.search.SearchQuery.SortOrder;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The position after the last customer of a page: its sort values (null where it has none) and its id, the
 * tie-breaker. Opaque to clients: base64url of a small JSON document that also names the sorts it was issued for.
 *
 * @param values one per sort: String, BigDecimal, LocalDate, OffsetDateTime or Integer as the sort key says
 */
record SearchCursor(String sorts, List<Object> values, UUID id) {

    static final String FIELD = "after";

    String encode(JsonMapper json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("s", sorts);
        doc.put("v", values.stream().map(v -> v == null ? null : text(v)).toList());
        doc.put("id", id.toString());
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the cursor, or a 400 {@code invalid-cursor} naming {@code after} when it is not one for these sorts */
    static SearchCursor decode(String cursor, String signature, List<SortOrder> sorts, JsonMapper json) {
        try {
            JsonNode doc = json.readTree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            JsonNode values = doc.get("v");
            if (!doc.path("s").isString()
                    || !doc.get("s").asString().equals(signature)
                    || values == null
                    || !values.isArray()
                    || values.size() != sorts.size()
                    || !doc.path("id").isString()) {
                throw invalid();
            }
            List<Object> typed = new ArrayList<>();
            for (int i = 0; i < sorts.size(); i++) {
                JsonNode v = values.get(i);
                if (v.isNull()) {
                    typed.add(null);
                } else if (v.isString()) {
                    typed.add(parse(v.asString(), sorts.get(i).property().sortKey()));
                } else {
                    throw invalid();
                }
            }
            return new SearchCursor(
                    signature, typed, UUID.fromString(doc.get("id").asString()));
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    private static Object parse(String text, SortKey key) {
        // only what PostgreSQL can compare: a tampered cursor is a 400, never an overflow in the database
        Object value = switch (key) {
            case TEXT -> text;
            case NUMBER -> new BigDecimal(text);
            case DATE -> LocalDate.parse(text);
            case TIMESTAMP -> OffsetDateTime.parse(text);
            case INTEGER -> Integer.valueOf(text);
        };
        if (!SearchValidator.storable(value)) {
            throw invalid();
        }
        return value;
    }

    private static String text(Object value) {
        return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    private static ApiException invalid() {
        return ApiException.invalid(
                FIELD,
                ErrorCode.INVALID_CURSOR,
                "not a cursor this search issued for these sorts; pass back nextCursor unchanged");
    }
}
