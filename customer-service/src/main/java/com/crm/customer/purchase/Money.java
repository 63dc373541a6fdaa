package com.crm.customer.purchase;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Decimal amounts shown with their currency's usual digits (more when the amount has them). */
final class Money {

    private Money() {}

    static String format(BigDecimal amount, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        BigDecimal plain = amount.stripTrailingZeros();
        return (plain.scale() <= digits ? plain.setScale(digits, RoundingMode.UNNECESSARY) : plain).toPlainString();
    }

    static String format(BigDecimal amount) {
        return amount == null ? null : amount.stripTrailingZeros().toPlainString();
    }
}
