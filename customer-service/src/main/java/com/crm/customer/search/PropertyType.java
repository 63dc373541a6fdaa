package com.crm.customer.search;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Set;

/** What a search property holds, and so which operators apply to it and what its values look like. */
enum PropertyType {
    /** Text; compared exactly (e-mails: case-insensitively), {@code CONTAINS_TOKEN} as a case-insensitive substring. */
    STRING(
            "string",
            EnumSet.of(
                    Operator.EQ,
                    Operator.NEQ,
                    Operator.IN,
                    Operator.NOT_IN,
                    Operator.CONTAINS_TOKEN,
                    Operator.HAS_PROPERTY,
                    Operator.NOT_HAS_PROPERTY)),
    /** A decimal, given as a JSON number or a decimal string. */
    NUMBER(
            "number",
            EnumSet.of(
                    Operator.EQ,
                    Operator.NEQ,
                    Operator.LT,
                    Operator.LTE,
                    Operator.GT,
                    Operator.GTE,
                    Operator.BETWEEN,
                    Operator.IN,
                    Operator.NOT_IN,
                    Operator.HAS_PROPERTY,
                    Operator.NOT_HAS_PROPERTY)),
    /** A calendar date, {@code YYYY-MM-DD}. */
    DATE(
            "date",
            EnumSet.of(
                    Operator.EQ,
                    Operator.NEQ,
                    Operator.LT,
                    Operator.LTE,
                    Operator.GT,
                    Operator.GTE,
                    Operator.BETWEEN,
                    Operator.HAS_PROPERTY,
                    Operator.NOT_HAS_PROPERTY)),
    /** An instant, ISO 8601 with an offset ({@code 2026-03-02T10:00:00Z}). */
    DATE_TIME(
            "date-time",
            EnumSet.of(
                    Operator.EQ,
                    Operator.NEQ,
                    Operator.LT,
                    Operator.LTE,
                    Operator.GT,
                    Operator.GTE,
                    Operator.BETWEEN,
                    Operator.HAS_PROPERTY,
                    Operator.NOT_HAS_PROPERTY)),
    /** One of a fixed set of strings. */
    ENUM(
            "enum",
            EnumSet.of(
                    Operator.EQ,
                    Operator.NEQ,
                    Operator.IN,
                    Operator.NOT_IN,
                    Operator.HAS_PROPERTY,
                    Operator.NOT_HAS_PROPERTY)),
    /** A set of strings: EQ and CONTAINS_TOKEN mean "has this tag", IN "has any of", NOT_IN "has none of". */
    TAGS(
            "tags",
            EnumSet.of(
                    Operator.EQ,
                    Operator.NEQ,
                    Operator.IN,
                    Operator.NOT_IN,
                    Operator.CONTAINS_TOKEN,
                    Operator.HAS_PROPERTY,
                    Operator.NOT_HAS_PROPERTY)),
    /** true or false (also as the strings "true" and "false"). */
    BOOLEAN("boolean", EnumSet.of(Operator.EQ, Operator.NEQ, Operator.HAS_PROPERTY, Operator.NOT_HAS_PROPERTY));

    private final String label;
    private final Set<Operator> operators;

    PropertyType(String label, Set<Operator> operators) {
        this.label = label;
        this.operators = operators;
    }

    @JsonValue
    String label() {
        return label;
    }

    Set<Operator> operators() {
        return operators;
    }
}
