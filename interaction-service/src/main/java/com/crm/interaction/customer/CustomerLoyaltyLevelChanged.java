package com.crm.interaction.customer;

import java.util.UUID;

/** Published (in-process) in the transaction that changed a customer's projected loyalty level. */
public record CustomerLoyaltyLevelChanged(UUID customerId, String level) {}
