package com.crm.segmentation.export;

import com.crm.segmentation.access.CustomerAccess;
import com.crm.support.export.BulkExport;
import com.crm.support.security.CrmScopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Bulk export", description = "Every row of a kind, streamed from one consistent snapshot")
class ExportController {

    private final BulkExport export;
    private final ExportRepository queries;
    private final CustomerAccess access;

    ExportController(BulkExport export, ExportRepository queries, CustomerAccess access) {
        this.export = export;
        this.queries = queries;
        this.access = access;
    }

    @GetMapping("/api/segmentation/exports/value-scores")
    @PreAuthorize(CrmScopes.EXPORT_OR_ADMIN)
    @Operation(
            summary = "Every active customer's value scores as NDJSON or CSV",
            description = "Needs crm.export or crm.admin and sight of every customer; recorded in the audit log. "
                    + "Streamed from one snapshot at the speed of PostgreSQL's COPY: tier, CLV and its percentile, "
                    + "P(alive), expected purchases and spend, RFM, key-account quadrant, churn risk, lifecycle stage, "
                    + "updatedAt; erased, deleted and merged customers are absent. updatedSince limits it to scores "
                    + "changed since then (an incremental sync).")
    @ApiResponse(
            responseCode = "200",
            description = "One JSON object per line (NDJSON) or CSV with a header",
            content = {
                @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string"))
            })
    void valueScores(
            @Parameter(description = "ndjson (default) or csv", schema = @Schema(allowableValues = {"ndjson", "csv"}))
                    @RequestParam(required = false)
                    String format,
            @Parameter(description = "only scores changed at or after this instant (ISO-8601)")
                    @RequestParam(required = false)
                    Instant updatedSince,
            HttpServletResponse response)
            throws IOException {
        access.requireAll("a bulk export (every customer)");
        export.respond("value-scores", queries.valueScores(updatedSince), format, updatedSince, response);
    }
}
