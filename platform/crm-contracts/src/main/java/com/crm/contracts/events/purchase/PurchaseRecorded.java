package com.crm.contracts.events.purchase;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A purchase entered the ledger. {@code amount} is a decimal string ({@code "0.00"} is a valid purchase) in the
 * ISO 4217 {@code currency}; {@code source}/{@code erpId} identify it in the system it came from.
 */
@EventType(value = "crm.purchase.recorded", topic = Topics.PURCHASE)
public record PurchaseRecorded(
        UUID customerId,
        UUID purchaseId,
        String source,
        String erpId,
        Instant occurredAt,
        String amount,
        String currency,
        Integer quantity,
        String channel,
        List<PurchaseLine> lines)
        implements CrmEvent {}
