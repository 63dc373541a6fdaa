package com.crm.segmentation.segment;

import com.crm.support.paging.CursorPage;
import com.crm.support.paging.DateRange;
import com.crm.support.paging.PageLimit;
import com.crm.support.security.CrmScopes;
import com.crm.support.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/segmentation/segments")
@Tag(
        name = "Segments",
        description = "Dynamic segments (a JSON condition tree over metrics, scores, profile and behaviour in the "
                + "last days) and static lists (members added by hand); versioned, archived rather than deleted")
@ApiResponse(
        responseCode = "400",
        description = "Invalid condition; errors[] names each fault by its JSON path",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class SegmentController {

    private final SegmentService segments;
    private final SegmentSizes sizes;

    SegmentController(SegmentService segments, SegmentSizes sizes) {
        this.segments = segments;
        this.sizes = sizes;
    }

    record SegmentInput(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String description,

            @Schema(
                    description = "DYNAMIC (default): members are those the condition picks; STATIC: a list, members "
                            + "added and removed by hand. Cannot change once defined")
            SegmentKind kind,

            @Schema(
                    implementation = ConditionSchema.class,
                    description = "required for a DYNAMIC segment; a STATIC list has none (422)")
            JsonNode condition) {

        SegmentService.Definition definition() {
            return new SegmentService.Definition(name.strip(), description, kind, condition);
        }
    }

    record PreviewInput(
            @Schema(implementation = ConditionSchema.class, requiredMode = RequiredMode.REQUIRED)
            JsonNode condition) {}

    @PostMapping
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(
            summary = "Define a segment or a static list",
            description = "Needs crm.config or crm.admin; recorded in the audit log. A dynamic segment's members are "
                    + "computed at once; a static list starts empty. 409 for a name an active segment has; 422 for "
                    + "a condition on a static list. The ETag is the version")
    @ApiResponse(
            responseCode = "403",
            description = "The token lacks crm.config and crm.admin",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "422",
            description = "A condition given for a static list (errors[] names it)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<SegmentService.Segment> create(@Valid @RequestBody SegmentInput input) {
        var segment = segments.create(input.definition());
        return ResponseEntity.created(URI.create("/api/segmentation/segments/" + segment.id()))
                .eTag(ETags.of(segment.version()))
                .body(segment);
    }

    @PutMapping("/{id}")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(
            summary = "Change a segment's definition",
            description = "Needs crm.config or crm.admin; recorded in the audit log. Replaces name, description and "
                    + "(dynamic segments) condition as a new version (GET .../versions keeps the earlier ones); a "
                    + "dynamic segment's members are recomputed at once and each joiner and leaver announced "
                    + "(crm.segment.membership-changed). If-Match (the ETag) is checked when given")
    @ApiResponse(responseCode = "200", description = "The segment after the change")
    @ApiResponse(
            responseCode = "403",
            description = "The token lacks crm.config and crm.admin",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "No such segment",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "409",
            description = "The segment is archived, or the name is an active segment's",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "412",
            description = "If-Match is not the current version",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "422",
            description = "A condition for a static list, or another kind (errors[] names the field)",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<SegmentService.Segment> update(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody SegmentInput input) {
        var segment = segments.update(id, ifMatch, input.definition());
        return ResponseEntity.ok().eTag(ETags.of(segment.version())).body(segment);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Operation(
            summary = "Archive a segment",
            description = "Needs crm.config or crm.admin; recorded in the audit log. Its members leave (each "
                    + "announced); it is no longer listed (but with archived=true), still readable with archived: "
                    + "true, and cannot change. Its name is free again. 204, also when already archived")
    @ApiResponse(responseCode = "204", description = "Archived")
    @ApiResponse(
            responseCode = "403",
            description = "The token lacks crm.config and crm.admin",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "No such segment",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Void> archive(@PathVariable UUID id) {
        segments.archive(id);
        return ResponseEntity.noContent().build();
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
    @ApiResponse(responseCode = "200", description = "The segments with their member counts")
    @Operation(
            summary = "Every active segment with its member count",
            description = "archived=true lists the archived ones instead; members counts only customers within "
                    + "the caller's visibility")
    Map<String, List<SegmentService.Segment>> list(
            @RequestParam(defaultValue = "false") @Parameter(description = "list the archived segments instead")
                    boolean archived) {
        return Map.of("items", segments.list(archived));
    }

    @GetMapping("/{id}")
    @ApiResponse(responseCode = "200", description = "The segment (also an archived one: archived true)")
    @Operation(summary = "One segment", description = "The ETag is the version, for If-Match on PUT")
    ResponseEntity<SegmentService.Segment> get(@PathVariable UUID id) {
        var segment = segments.find(id);
        return ResponseEntity.ok().eTag(ETags.of(segment.version())).body(segment);
    }

    @GetMapping("/{id}/versions")
    @ApiResponse(responseCode = "200", description = "A page of versions")
    @Operation(
            summary = "Every definition the segment has had, newest first",
            description = "Each with its version, name, description, condition, when and by whom (the token's "
                    + "subject or client id) it was defined; the current one first (limit, cursor)")
    CursorPage<SegmentService.Version> versions(
            @PathVariable UUID id,
            @RequestParam(required = false) @Min(1) @Max(PageLimit.MAX) Integer limit,
            @RequestParam(required = false) String cursor) {
        return segments.versions(id, PageLimit.resolve(limit), cursor);
    }

    record Sizes(UUID segmentId, LocalDate from, LocalDate to, List<SegmentSizes.Size> items) {}

    @GetMapping("/{id}/sizes")
    @ApiResponse(responseCode = "200", description = "The daily sizes")
    @ApiResponse(
            responseCode = "403",
            description = "The caller does not see every customer (sizes count all members)",
            content = @Content(mediaType = "application/problem+json"))
    @Operation(
            summary = "The segment's member count per day",
            description = "Recorded daily (UTC) for every active segment, and after each full run; days without a "
                    + "record are left out. from/to: UTC days, default the 30 days up to today; at most 366. Only "
                    + "for callers who see every customer")
    Sizes sizes(
            @PathVariable UUID id,
            @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    @Parameter(description = "first day (UTC); default 29 days before to")
                    LocalDate from,
            @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    @Parameter(description = "last day (UTC), included; default today")
                    LocalDate to) {
        DateRange range = SegmentSizes.range(from, to);
        return new Sizes(id, range.from(), range.to(), sizes.series(id, range));
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
        segments.requireExists(id);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"segment-" + id + ".csv\"");
        segments.exportCsv(id, new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
    }
}
