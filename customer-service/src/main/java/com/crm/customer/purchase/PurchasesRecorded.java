package com.crm.customer.purchase;

import java.util.Set;
import java.util.UUID;

/**
 * Published inside the transaction that recorded new purchases or refunds, with the customers they belong to:
 * features derived from the ledger (risk scores) mark those customers for recomputation in the same commit.
 */
public record PurchasesRecorded(Set<UUID> customerIds) {}
