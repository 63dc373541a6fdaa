package com.crm.customer.profile;

import java.time.Instant;

/** The latest consent decision on a channel: what, when and where it came from. */
public record Consent(ConsentStatus status, Instant updatedAt, String source) {}
