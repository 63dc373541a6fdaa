package com.crm.customer.profile;

import java.time.Instant;
import java.util.List;

/** List filters; null means "any". All given filters must hold. */
record CustomerFilter(
        String nameContains,
        String email,
        String phoneE164,
        List<String> tags,
        CustomerType type,
        String ownerId,
        Instant createdFrom,
        Instant createdTo,
        Instant updatedFrom,
        Instant updatedTo) {}
