package com.crm.interaction.timeline;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An interaction as the API shows it; subject and notes are null after the customer's erasure. */
public record InteractionView(
        UUID id,
        UUID customerId,
        Channel channel,
        Direction direction,
        InteractionType type,
        Purpose purpose,
        Instant occurredAt,
        Integer durationSeconds,
        String agentId,
        String subject,
        String notes,
        Outcome outcome,
        String campaignId,
        boolean purchaseIntent,
        String source,
        String externalId,
        PolicyOverrideView policyOverride,
        Instant recordedAt,
        boolean erased,

        @Schema(description = "Who recorded it (from the token): USER (the agent) or CLIENT (an integrated system)")
        RecordedByView recordedBy) {

    public record RecordedByView(String kind, String id) {}

    public record PolicyOverrideView(String justification, String by, List<String> overriddenReasons) {}

    static InteractionView of(Interaction i) {
        return new InteractionView(
                i.id(),
                i.customerId(),
                i.channel(),
                i.direction(),
                i.type(),
                i.purpose(),
                i.occurredAt(),
                i.durationSeconds(),
                i.agentId(),
                i.subject(),
                i.notes(),
                i.outcome(),
                i.campaignId(),
                i.purchaseIntent(),
                i.source(),
                i.externalId(),
                i.override() == null
                        ? null
                        : new PolicyOverrideView(
                                i.override().justification(),
                                i.override().by(),
                                i.override().overriddenReasons()),
                i.recordedAt(),
                i.erasedAt() != null,
                i.recordedBy() == null ? null : new RecordedByView(i.recordedByKind(), i.recordedBy()));
    }
}
