package com.crm.interaction.customer;

import java.util.UUID;

/** Published (in-process) in the transaction that changed a customer's projected value tier. */
public record CustomerTierChanged(UUID customerId, String tier) {}
