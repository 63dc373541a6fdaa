package com.crm.support.imports;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** A new import job. */
record ImportRequest(
        @NotNull
        @Size(max = 16)
        @Schema(description = "What the rows are: the service's import objects (see the endpoint's description)")
        String object,

        @NotNull ImportFormat format,

        @Size(max = ImportMapping.MAX_COLUMNS)
        @Schema(
                description = "CSV only: column name → the batch item's field it fills, e.g. {\"ERP id\": "
                        + "\"externalId\", \"E-mail\": \"customer.emails[0].address\", \"Newsletter\": "
                        + "\"customer.consents.EMAIL.status\"} for CUSTOMERS; unmapped columns are ignored")
        Map<String, String> mapping,

        @Min(100) @Max(5000) @Schema(description = "Rows per transaction; default 2,000")
        Integer chunkSize) {}
