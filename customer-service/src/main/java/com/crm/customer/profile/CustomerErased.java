package com.crm.customer.profile;

import java.util.UUID;

/** Published inside the erasure transaction: other features purge what they hold on the customer. */
public record CustomerErased(UUID customerId) {
}
