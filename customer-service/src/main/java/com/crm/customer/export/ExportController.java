package com.crm.customer.export;

import com.crm.customer.profile.CustomerAccess;
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
@ApiResponse(
        responseCode = "200",
        description = "One JSON object per line (NDJSON) or CSV with a header",
        content = {
            @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string"))
        })
@ApiResponse(
        responseCode = "403",
        description = "Without crm.export (or crm.admin), or for a person who does not see every customer",
        content = @Content(mediaType = "application/problem+json"))
class ExportController {

    private static final String DESCRIPTION = " Needs crm.export or crm.admin and sight of every customer; recorded in "
            + "the audit log. Streamed from one snapshot at the speed of PostgreSQL's COPY; erased, deleted and "
            + "merged customers are absent. updatedSince limits it to what changed since then (an incremental sync).";

    private final BulkExport export;
    private final ExportRepository queries;
    private final CustomerAccess access;

    ExportController(BulkExport export, ExportRepository queries, CustomerAccess access) {
        this.export = export;
        this.queries = queries;
        this.access = access;
    }

    @GetMapping("/api/customers/export")
    @PreAuthorize(CrmScopes.EXPORT_OR_ADMIN)
    @Operation(
            summary = "Every active customer as NDJSON or CSV",
            description = "The profile with contact points, addresses, tags, attributes, custom properties, consents "
                    + "and external references." + DESCRIPTION)
    void customers(
            @Parameter(description = "ndjson (default) or csv", schema = @Schema(allowableValues = {"ndjson", "csv"}))
                    @RequestParam(required = false)
                    String format,
            @Parameter(description = "only customers changed at or after this instant (ISO-8601)")
                    @RequestParam(required = false)
                    Instant updatedSince,
            HttpServletResponse response)
            throws IOException {
        access.requireAll("a bulk export (every customer)");
        export.respond("customers", queries.customers(updatedSince), format, updatedSince, response);
    }

    @GetMapping("/api/purchases/export")
    @PreAuthorize(CrmScopes.EXPORT_OR_ADMIN)
    @Operation(
            summary = "Every purchase and refund of the active customers as NDJSON or CSV",
            description = "Amounts as recorded (refunds negative), with their lines." + DESCRIPTION)
    void purchases(
            @Parameter(description = "ndjson (default) or csv", schema = @Schema(allowableValues = {"ndjson", "csv"}))
                    @RequestParam(required = false)
                    String format,
            @Parameter(description = "only purchases recorded at or after this instant (ISO-8601)")
                    @RequestParam(required = false)
                    Instant updatedSince,
            HttpServletResponse response)
            throws IOException {
        access.requireAll("a bulk export (every customer)");
        export.respond("purchases", queries.purchases(updatedSince), format, updatedSince, response);
    }
}
