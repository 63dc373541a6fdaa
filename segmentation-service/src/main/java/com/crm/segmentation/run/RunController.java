package com.crm.segmentation.run;

import com.crm.segmentation.access.CustomerAccess;
import com.crm.support.paging.PageLimit;
import com.crm.support.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/segmentation/runs")
@Tag(
        name = "Runs",
        description = "Full recompute: refit, rescore, re-tier, re-stage; one at a time across replicas."
                + " For callers who see every customer (integrated systems, admins): 403 for people.")
class RunController {

    private final RunService runs;
    private final CustomerAccess access;

    RunController(RunService runs, CustomerAccess access) {
        this.runs = runs;
        this.access = access;
    }

    /** {@code calibrationEnd}: last day of the calibration window (inclusive); today (UTC) when omitted. */
    record RunRequest(LocalDate calibrationEnd) {}

    @PostMapping
    @Operation(summary = "Start a full recompute", description = "202 with the run; poll it for progress")
    @ApiResponse(responseCode = "202", description = "Started")
    @ApiResponse(
            responseCode = "409",
            description = "A run is already running",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<RunView> start(@RequestBody(required = false) RunRequest request) {
        access.requireAll("segmentation runs (over every customer)");
        LocalDate end = request == null || request.calibrationEnd() == null
                ? LocalDate.now(ZoneOffset.UTC)
                : request.calibrationEnd();
        RunView run = runs.start(end, "API");
        return ResponseEntity.accepted()
                .location(URI.create("/api/segmentation/runs/" + run.id()))
                .body(run);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One run with its progress")
    @ApiResponse(responseCode = "200", description = "The run")
    @ApiResponse(
            responseCode = "404",
            description = "Unknown run",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    RunView get(@PathVariable UUID id) {
        access.requireAll("segmentation runs (over every customer)");
        return runs.find(id).orElseThrow(() -> ApiException.notFound("run", id));
    }

    @GetMapping
    @ApiResponse(responseCode = "200", description = "The latest runs, newest first")
    @Operation(summary = "Run history, newest first")
    Map<String, List<RunView>> history(@RequestParam(required = false) @Min(1) @Max(PageLimit.MAX) Integer limit) {
        access.requireAll("segmentation runs (over every customer)");
        return Map.of("items", runs.history(PageLimit.resolve(limit)));
    }
}
