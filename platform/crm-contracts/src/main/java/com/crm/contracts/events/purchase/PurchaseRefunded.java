package com.crm.contracts.events.purchase;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A refund entered the ledger; {@code amount} is negative (a decimal string) in {@code currency}. */
@EventType(value = "crm.purchase.refunded", topic = Topics.PURCHASE)
public record PurchaseRefunded(
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
