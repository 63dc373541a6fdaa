package com.crm.interaction.customer;

import java.time.Instant;
import java.util.UUID;

/** Published (in-process) in the transaction of an erasure, for features that hold personal data. */
public record CustomerErasedLocally(UUID customerId, Instant erasedAt) {}
