package com.crm.support.imports;

import com.crm.support.export.BulkExport;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.security.CrmActor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("${crm.imports.path:/api/imports}")
@Tag(
        name = "Bulk import",
        description = "Asynchronous import jobs over CSV or NDJSON files of up to 1 GB / 5,000,000 rows, with the "
                + "batch APIs' rules, events and per-row results")
@ApiResponse(
        responseCode = "404",
        description = "No such job, or another caller's",
        content = @Content(mediaType = "application/problem+json"))
class ImportController {

    private final ImportJobs jobs;
    private final String path;

    ImportController(ImportJobs jobs, ImportProperties properties) {
        this.jobs = jobs;
        this.path = properties.path();
    }

    @PostMapping
    @Operation(
            summary = "Create an import job",
            description = "Needs crm.write and crm.integration. object: customer-service (/api/imports) imports "
                    + "CUSTOMERS (rows are /api/customers/batch items: source, externalId, customer, recreate) and "
                    + "PURCHASES (/api/purchases/batch items); interaction-service (/api/interactions/imports) "
                    + "INTERACTIONS (/api/interactions/batch items). format CSV (with a mapping from columns to item "
                    + "fields, checked now) or NDJSON (one item per line). Then PUT the file to {id}/data.")
    @ApiResponse(responseCode = "201", description = "Created; Location is the job")
    @ApiResponse(
            responseCode = "400",
            description = "Unknown object or format, a mapping naming no field (errors name mapping.<column>)",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<ImportJobView> create(@Valid @RequestBody ImportRequest request, CrmActor actor) {
        ImportJobView job = jobs.create(request, actor);
        return ResponseEntity.created(URI.create(path + "/" + job.id())).body(job);
    }

    @PutMapping("/{id}/data")
    @Operation(
            summary = "Upload the job's file (streamed)",
            description = "The body is the file (text/csv or application/x-ndjson, UTF-8), staged as it arrives. "
                    + "At most 1 GB and 5,000,000 rows, else 413 and nothing is kept. With start=true (default) the "
                    + "job is queued at once; otherwise POST /start. A job takes one file.")
    @ApiResponse(responseCode = "200", description = "Staged (status QUEUED or UPLOADED)")
    @ApiResponse(
            responseCode = "400",
            description = "Not UTF-8, unreadable CSV, no rows, mapped columns missing from the header",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "409",
            description = "The job already has its file",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "413",
            description = "Over 1 GB or 5,000,000 rows",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "415",
            description = "A content type other than the job's format",
            content = @Content(mediaType = "application/problem+json"))
    ImportJobView upload(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "true") boolean start,
            HttpServletRequest request,
            CrmActor actor)
            throws IOException {
        jobs.requireVisible(id, actor);
        jobs.requireSize(request.getContentLengthLong());
        return jobs.upload(id, request.getContentType(), request.getInputStream(), start, actor);
    }

    @PostMapping("/{id}/start")
    @Operation(summary = "Queue an uploaded job", description = "Starting a started or completed job changes nothing.")
    @ApiResponse(responseCode = "200", description = "Queued (or already running or done)")
    @ApiResponse(
            responseCode = "409",
            description = "No file yet, or cancelled or failed",
            content = @Content(mediaType = "application/problem+json"))
    ImportJobView start(@PathVariable UUID id, CrmActor actor) {
        return jobs.start(id, actor);
    }

    @GetMapping("/{id}")
    @Operation(
            summary = "A job's status, progress and counts",
            description = "Needs crm.read and crm.integration. processedRows of totalRows, and counts of created, "
                    + "updated, unchanged and rejected rows; each chunk's progress is committed with its writes.")
    @ApiResponse(responseCode = "200", description = "The job")
    ImportJobView get(@PathVariable UUID id, CrmActor actor) {
        return jobs.get(id, actor);
    }

    @PostMapping("/{id}/cancel")
    @Operation(
            summary = "Cancel a job",
            description = "Stops after the chunk being applied; rows applied so far stay applied with their results. "
                    + "Cancelling an ended job changes nothing.")
    @ApiResponse(responseCode = "200", description = "The job, CANCELLED (or as it ended)")
    ImportJobView cancel(@PathVariable UUID id, CrmActor actor) {
        return jobs.cancel(id, actor);
    }

    @GetMapping("/{id}/results")
    @Operation(
            summary = "Per-row results, streamed",
            description = "One line per applied row, in file order: row (CSV: record after the header; NDJSON: line), "
                    + "outcome (an interaction sent before is UNCHANGED), id, source, externalId (erpId for "
                    + "purchases), fields (the fields at fault) and problem, the batch API's problem naming every "
                    + "field.")
    @ApiResponse(
            responseCode = "200",
            description = "NDJSON or CSV with a header",
            content = {
                @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string"))
            })
    @ApiResponse(
            responseCode = "400",
            description = "Unknown outcome or format",
            content = @Content(mediaType = "application/problem+json"))
    void results(
            @PathVariable UUID id,
            @Parameter(description = "CREATED, UPDATED, UNCHANGED or REJECTED; all when absent")
                    @RequestParam(required = false)
                    String outcome,
            @Parameter(description = "ndjson (default) or csv", schema = @Schema(allowableValues = {"ndjson", "csv"}))
                    @RequestParam(required = false)
                    String format,
            HttpServletResponse response,
            CrmActor actor)
            throws IOException {
        ImportOutcome wanted = outcome(outcome);
        BulkExport.Format as = BulkExport.Format.of(format);
        if (as == null) {
            throw ApiException.invalid("format", ErrorCode.INVALID_VALUE, "ndjson or csv");
        }
        jobs.requireVisible(id, actor);
        response.setContentType(as.mediaType() + ";charset=UTF-8");
        response.setHeader(
                "Content-Disposition", "attachment; filename=\"import-" + id + "-results." + as.extension() + "\"");
        jobs.results(id, wanted, as, response.getOutputStream(), actor);
    }

    private static ImportOutcome outcome(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ImportOutcome.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(
                    "outcome", ErrorCode.INVALID_VALUE, "one of CREATED, UPDATED, UNCHANGED, REJECTED");
        }
    }
}
