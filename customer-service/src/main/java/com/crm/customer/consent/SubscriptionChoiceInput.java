package com.crm.customer.consent;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A customer's choice on one subscription type. */
public record SubscriptionChoiceInput(
        @Schema(description = "SUBSCRIBED or UNSUBSCRIBED", requiredMode = Schema.RequiredMode.REQUIRED)
        SubscriptionStatus status,

        @Schema(maxLength = 100) String source,

        @Schema(
                description = "When the customer chose; default now. An older choice than the stored one changes"
                        + " nothing.")
        Instant changedAt) {}
