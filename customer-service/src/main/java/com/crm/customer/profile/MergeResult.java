package com.crm.customer.profile;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The survivor as it is (or, for a dry run, would be) after the merge, and where each single field came from. */
public record MergeResult(
        boolean dryRun, CustomerView survivor, List<UUID> mergedIds, Map<String, UUID> fieldSources) {}
