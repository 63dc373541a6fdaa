package com.crm.loyalty.member;

import com.crm.contracts.events.ActorRef;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** One movement of a member's points, as the journal shows it. */
public record JournalEntry(
        UUID id,
        EntryKind kind,

        @Schema(description = "Signed: credits positive, debits negative")
        long points,

        long balanceAfter,

        @Schema(description = "Debt after the entry (refunded points that could not be taken yet)")
        long debtAfter,

        @Schema(description = "A manual adjustment's reason (removed on erasure)")
        String reason,

        UUID purchaseId,
        UUID redemptionId,

        @Schema(description = "The refund, survey response, coupon or merged member the entry refers to")
        UUID referenceId,

        @Schema(description = "Who made a manual adjustment")
        ActorRef actor,

        Instant occurredAt,
        Instant recordedAt,
        @Schema(hidden = true) long seq) {}
