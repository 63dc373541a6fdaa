package com.crm.customer.imports;

import com.crm.customer.imports.ImportMapping.ImportObject;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** A new import job. */
record ImportRequest(
        @NotNull ImportObject object,
        @NotNull ImportFormat format,

        @Size(max = ImportMapping.MAX_COLUMNS)
        @Schema(
                description = "CSV only: column name → the batch item's field it fills, e.g. {\"ERP id\": "
                        + "\"externalId\", \"E-mail\": \"customer.emails[0].address\", \"Newsletter\": "
                        + "\"customer.consents.EMAIL.status\"}; unmapped columns are ignored")
        Map<String, String> mapping,

        @Min(100) @Max(5000) @Schema(description = "Rows per transaction; default 2,000")
        Integer chunkSize) {}
