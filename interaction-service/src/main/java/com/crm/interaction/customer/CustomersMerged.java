package com.crm.interaction.customer;

import java.util.List;
import java.util.UUID;

/** Published (in-process) in the transaction of a merge, for features that key their data by customer. */
public record CustomersMerged(List<UUID> mergedIds, UUID survivor) {}
