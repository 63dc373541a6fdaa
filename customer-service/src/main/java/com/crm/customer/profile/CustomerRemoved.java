package com.crm.customer.profile;

import java.util.UUID;

/** Published inside the transaction that takes a customer out of the live set (delete, merged away, erasure). */
public record CustomerRemoved(UUID customerId) {}
