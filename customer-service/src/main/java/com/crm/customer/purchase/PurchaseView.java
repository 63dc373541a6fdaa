package com.crm.customer.purchase;

import com.crm.contracts.events.purchase.PurchaseLine;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A purchase as the API returns it; money as a decimal string. */
public record PurchaseView(
        UUID id,
        UUID customerId,
        String source,
        String erpId,
        PurchaseType type,
        Instant occurredAt,
        String amount,
        String currency,
        Integer quantity,
        String channel,
        List<PurchaseLine> lines,
        Instant createdAt) {

    static PurchaseView of(Purchase p) {
        return new PurchaseView(
                p.id(),
                p.customerId(),
                p.source(),
                p.erpId(),
                p.type(),
                p.occurredAt(),
                Money.format(p.amount(), p.currency()),
                p.currency(),
                p.quantity(),
                p.channel(),
                p.lines(),
                p.createdAt());
    }
}
