package com.crm.customer.property;

import java.util.EnumSet;
import java.util.Set;

/** What a custom property holds; decides how its values are checked, stored (as JSON), compared and searched. */
public enum CustomPropertyType {
    /** Text; {@code min}/{@code max} bound its length, {@code pattern} its form. */
    STRING,
    /** An integer (a JSON number without fraction, within a 64-bit long). */
    NUMBER,
    /** A decimal number (a JSON number, or a decimal string to keep every digit). */
    DECIMAL,
    /** A calendar date, {@code YYYY-MM-DD}. */
    DATE,
    /** An instant, ISO 8601 with an offset; stored in UTC. */
    DATETIME,
    /** true or false. */
    BOOLEAN,
    /** One of the definition's option values. */
    ENUM,
    /** A set of the definition's option values (a JSON array). */
    MULTI_ENUM;

    /** Types whose values have a order {@code min}/{@code max} can bound. */
    static final Set<CustomPropertyType> BOUNDED = EnumSet.of(STRING, NUMBER, DECIMAL, DATE, DATETIME);

    /** Types a value may be unique for. */
    static final Set<CustomPropertyType> UNIQUE = EnumSet.of(STRING, NUMBER, DECIMAL, DATE, DATETIME, ENUM);

    boolean hasOptions() {
        return this == ENUM || this == MULTI_ENUM;
    }
}
