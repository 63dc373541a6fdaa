package com.crm.customer.consent;

import com.crm.contracts.events.ActorRef;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** One change of a customer's consent, as recorded: never changed afterwards. */
public record ConsentHistoryEntry(
        UUID id,
        @Schema(description = "PURPOSE or SUBSCRIPTION") String kind,

        @Schema(description = "The purpose, or the subscription type's key")
        String subject,

        String channel,
        String status,
        String previousStatus,
        LegalBasis legalBasis,
        String source,
        String evidence,
        Instant expiresAt,
        Instant changedAt,
        Instant recordedAt,
        ActorRef actor) {

    static final String PURPOSE = "PURPOSE";
    static final String SUBSCRIPTION = "SUBSCRIPTION";
}
