package com.crm.interaction.agent;

import com.crm.interaction.contact.Channel;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/** A customer handed to an agent. */
public record AssignmentInput(
        @Schema(description = "Client-supplied id: sending it again answers the assignment made first (200)")
        UUID assignmentId,

        @NotNull UUID customerId,
        @NotNull Channel channel,
        @Size(max = 100) String topic,

        @Schema(description = "When the contact is due; the assignment's creation when omitted")
        Instant dueAt) {}
