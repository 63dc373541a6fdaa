package com.crm.support.access;

import java.util.Map;

/**
 * A boolean SQL condition with its named parameters, for a {@code where} clause: {@code clause} is always
 * parenthesised (or the literal {@code true} / {@code false}), so it can be {@code and}-ed to any other condition.
 * Parameter names start with {@code crmAccess}; bind them with {@code JdbcClient.params(condition.params())}.
 */
public record SqlCondition(String clause, Map<String, Object> params) {

    public static final SqlCondition TRUE = new SqlCondition("true", Map.of());
    public static final SqlCondition FALSE = new SqlCondition("false", Map.of());

    public SqlCondition {
        params = Map.copyOf(params);
    }

    /** Whether the condition holds for every row (no filtering needed). */
    public boolean always() {
        return "true".equals(clause);
    }
}
