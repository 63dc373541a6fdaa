package com.crm.customer.erp;

import com.crm.customer.profile.CustomerInput;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/** One customer of an ERP batch. */
public record CustomerUpsertItem(
        @NotBlank
        @Size(max = 50)
        @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' and '-' only")
        String source,

        @NotBlank @Size(max = 100) String externalId,

        @NotNull @Schema(implementation = CustomerInput.class)
        JsonNode customer,

        @Schema(description = "Create a new customer for a reference whose customer was deleted or erased")
        Boolean recreate) {}
