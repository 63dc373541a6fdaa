package com.crm.interaction.agent;

import com.crm.interaction.contact.Channel;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** Who should serve this customer. */
public record MatchInput(
        @NotNull UUID customerId,

        @Schema(description = "What it is about; an agent's skill of that name counts") @Size(max = 64)
        String topic,

        @Schema(description = "Capacity on this channel is a hard filter")
        Channel channel,

        @Schema(description = "Skills every agent must have") @Size(max = 20)
        List<@NotBlank @Size(max = 64) String> requiredSkills,

        @Schema(description = "Language code, required as skill lang:<code>, e.g. zh") @Size(max = 16)
        String language,

        @Schema(description = "1 to 50, default 5") @Min(1) @Max(50)
        Integer limit) {}
