package com.crm.customer.purchase;

import com.crm.contracts.events.purchase.PurchaseLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A ledger entry; refunds carry a negative amount. */
record Purchase(
        UUID id,
        UUID customerId,
        String source,
        String erpId,
        PurchaseType type,
        Instant occurredAt,
        BigDecimal amount,
        String currency,
        Integer quantity,
        String channel,
        List<PurchaseLine> lines,
        Instant createdAt) {

    /** The same purchase sent again: everything the source sent is equal (amounts by value, not scale). */
    boolean sameAs(Purchase other) {
        return customerId.equals(other.customerId)
                && type == other.type
                && occurredAt.equals(other.occurredAt)
                && amount.compareTo(other.amount) == 0
                && currency.equals(other.currency)
                && Objects.equals(quantity, other.quantity)
                && Objects.equals(channel, other.channel)
                && lines.equals(other.lines);
    }
}
