package com.crm.customer.profile;

import java.util.List;
import java.util.UUID;

/**
 * Published inside the merge transaction so that the other features of this service (purchases, duplicate
 * candidates) move what they hold for the merged customers to the survivor in the same commit.
 */
public record CustomersMerged(UUID survivorId, List<UUID> mergedIds) {}
