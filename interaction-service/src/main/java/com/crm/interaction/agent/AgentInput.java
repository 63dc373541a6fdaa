package com.crm.interaction.agent;

import com.crm.interaction.contact.Channel;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** An agent as admins write it (create and replace). */
public record AgentInput(
        @Schema(description = "The person's user id: the sub of their access token (e.g. alice)")
        @NotBlank
        @Size(max = 64)
        String userId,

        @NotBlank @Size(max = 100) String displayName,
        @Size(max = 64) String team,
        @Size(max = 50) List<@Valid @NotNull SkillLevel> skills,
        @NotNull Seniority seniority,

        @Schema(description = "Max open assignments per channel; a channel left out takes none") @Size(max = 20)
        Map<Channel, @NotNull @Min(0) @Max(1000) Integer> capacity,

        @Schema(description = "Weekly schedule; none: counted as always working") @Valid
        WorkingHours workingHours,

        @Schema(description = "The agent's own switch; true when omitted")
        Boolean available) {}
