package com.crm.segmentation.segment;

import com.crm.support.paging.CursorPage;
import com.crm.support.paging.PageLimit;
import com.crm.support.security.CrmScopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/segmentation/segments")
@Tag(name = "Segments", description = "Dynamic segments: a JSON condition tree over metrics, scores and profile")
@ApiResponse(
        responseCode = "400",
        description = "Invalid condition; errors[] names each fault by its JSON path",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class SegmentController {

    private final SegmentService segments;

    SegmentController(SegmentService segments) {
        this.segments = segments;
    }

    record SegmentInput(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String description,

            @Schema(implementation = ConditionSchema.class, requiredMode = RequiredMode.REQUIRED)
            JsonNode condition) {}

    record PreviewInput(
            @Schema(implementation = ConditionSchema.class, requiredMode = RequiredMode.REQUIRED)
            JsonNode condition) {}

    @PostMapping
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(
            summary = "Define a segment",
            description = "Needs crm.config or crm.admin; recorded in the audit log. Members are computed at once; 409 "
                    + "for a taken name")
    @ApiResponse(
            responseCode = "403",
            description = "The token lacks crm.config and crm.admin",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<SegmentService.Segment> create(@Valid @RequestBody SegmentInput input) {
        var segment = segments.create(input.name().strip(), input.description(), input.condition());
        return ResponseEntity.created(URI.create("/api/segmentation/segments/" + segment.id()))
                .body(segment);
    }

    @PostMapping("/preview")
    @ApiResponse(responseCode = "200", description = "The count and a sample of the customers picked")
    @Operation(
            summary = "Count and sample the customers a condition picks, without saving it",
            description = "the count and the sample cover only customers within the caller's visibility (agents their "
                    + "own, managers their team's; integrated systems and admins all)")
    SegmentService.Preview preview(@RequestBody PreviewInput input) {
        return segments.preview(input.condition());
    }

    @GetMapping
    @ApiResponse(responseCode = "200", description = "Every segment with its member count")
    @Operation(summary = "Every segment with its member count")
    Map<String, List<SegmentService.Segment>> list() {
        return Map.of("items", segments.list());
    }

    @GetMapping("/{id}")
    @ApiResponse(responseCode = "200", description = "The segment")
    @Operation(summary = "One segment")
    SegmentService.Segment get(@PathVariable UUID id) {
        return segments.find(id);
    }

    @GetMapping("/{id}/members")
    @ApiResponse(responseCode = "200", description = "A page of members")
    @Operation(
            summary = "Members, in order of joining (keyset paging)",
            description =
                    "only customers within the caller's visibility (agents their own, managers their team's; integrated systems and admins all)")
    CursorPage<SegmentService.Member> members(
            @PathVariable UUID id,
            @RequestParam(required = false) @Min(1) @Max(PageLimit.MAX) Integer limit,
            @RequestParam(required = false) String cursor) {
        return segments.members(id, PageLimit.resolve(limit), cursor);
    }

    @GetMapping(path = "/{id}/members.csv", produces = "text/csv")
    @ApiResponse(
            responseCode = "200",
            description = "The members as CSV",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @Operation(
            summary = "All members as CSV (customerId, joinedAt, tier, stage, clv)",
            description =
                    "only customers within the caller's visibility (agents their own, managers their team's; integrated systems and admins all)")
    void export(@PathVariable UUID id, HttpServletResponse response) throws IOException {
        segments.find(id);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"segment-" + id + ".csv\"");
        segments.exportCsv(id, new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
    }
}
