package com.crm.customer.profile;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;

public record MergeRequest(
        @NotNull UUID survivorId,
        @NotEmpty @Size(max = 20) List<@NotNull UUID> mergedIds,

        @Schema(
                description = "Per field, the customer whose value wins (default: the most recently updated that has "
                        + "one). Fields: type, displayName, givenName, familyName, wechatId, company, jobTitle, industry, "
                        + "birthday, region, timeZone, ownerId, teamId")
        Map<String, UUID> fieldChoices,

        @Schema(description = "Preview the result without changing anything")
        Boolean dryRun) {}
