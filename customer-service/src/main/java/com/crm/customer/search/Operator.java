package com.crm.customer.search;

import java.util.Arrays;
import java.util.Optional;

/** HubSpot's filter operators (the subset this search offers). */
enum Operator {
    EQ(Operand.VALUE),
    NEQ(Operand.VALUE),
    LT(Operand.VALUE),
    LTE(Operand.VALUE),
    GT(Operand.VALUE),
    GTE(Operand.VALUE),
    BETWEEN(Operand.RANGE),
    IN(Operand.VALUES),
    NOT_IN(Operand.VALUES),
    HAS_PROPERTY(Operand.NONE),
    NOT_HAS_PROPERTY(Operand.NONE),
    CONTAINS_TOKEN(Operand.VALUE);

    /** What a filter with the operator must carry: {@code value}, {@code value} and {@code highValue}, {@code values}. */
    enum Operand {
        NONE,
        VALUE,
        RANGE,
        VALUES
    }

    private final Operand operand;

    Operator(Operand operand) {
        this.operand = operand;
    }

    Operand operand() {
        return operand;
    }

    static Optional<Operator> named(String name) {
        return Arrays.stream(values()).filter(o -> o.name().equals(name)).findFirst();
    }
}
