package com.crm.customer.erp;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Items stay raw JSON here so that one malformed item is rejected alone, not the whole batch. */
record CustomerBatchRequest(
        @NotNull @Size(min = 1, max = 1000) @ArraySchema(schema = @Schema(implementation = CustomerUpsertItem.class))
        List<@NotNull JsonNode> items) {}
