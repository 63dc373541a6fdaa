package com.crm.customer.consent;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A decision on a purpose as a caller records it; the purpose and channel are in the path. */
public record PurposeConsentInput(
        @Schema(
                description = "GRANTED, DENIED or WITHDRAWN (EXPIRED is set by the service when expiresAt" + " passes)",
                requiredMode = Schema.RequiredMode.REQUIRED)
        PurposeStatus status,

        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) LegalBasis legalBasis,

        @Schema(description = "Where it was given or withdrawn, e.g. web-form, store-123, call-centre", maxLength = 100)
        String source,

        @Schema(
                description = "What proves it (required for a GRANTED consent): form id and wording, a"
                        + " recording id, a document reference",
                maxLength = 2000)
        String evidence,

        @Schema(description = "When a grant lapses (only with GRANTED; in the future)")
        Instant expiresAt,

        @Schema(
                description = "When the customer decided; default now. An older decision than the one stored changes"
                        + " nothing.")
        Instant changedAt) {}
