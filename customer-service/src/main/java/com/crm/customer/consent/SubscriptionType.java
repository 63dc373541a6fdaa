package com.crm.customer.consent;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A kind of message customers can opt out of one by one, such as a newsletter. */
public record SubscriptionType(
        @Schema(description = "API name: lower case letters, digits and underscores, starting with a letter")
        String key,

        String name,
        String description,

        @Schema(description = "MARKETING or SERVICE: withdrawing that purpose stops this type too")
        Purpose purpose,

        @Schema(description = "ALL or one channel") String channel,
        boolean archived,
        Instant createdAt,
        Instant updatedAt,
        long version) {}
