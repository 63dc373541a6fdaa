package com.crm.customer.profile;

import java.util.UUID;

/**
 * Published inside an erasure's transaction (after {@link CustomerRemoved}) so that the features holding personal
 * data of their own beside the profile (consent evidence, ...) purge it in the same commit.
 */
public record CustomerDataErased(UUID customerId) {}
