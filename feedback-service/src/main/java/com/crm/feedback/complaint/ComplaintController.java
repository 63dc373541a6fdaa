package com.crm.feedback.complaint;

import com.crm.feedback.complaint.ComplaintService.ComplaintInput;
import com.crm.feedback.complaint.ComplaintService.ComplaintView;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.paging.PageLimit;
import com.crm.support.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Complaints", description = "Complaints with SLA deadlines by severity, lifecycle, assignment, escalation")
class ComplaintController {

    private final ComplaintService complaints;

    ComplaintController(ComplaintService complaints) {
        this.complaints = complaints;
    }

    record Resolution(
            @NotBlank @Size(max = 10_000) @Schema(description = "How it was resolved")
            String resolution) {}

    record Reopening(
            @NotBlank @Size(max = 1000) @Schema(description = "Why it is reopened")
            String reason) {}

    record Assignment(
            @NotBlank @Size(max = 200) @Schema(description = "The agent or team")
            String assignee) {}

    @PostMapping("/api/complaints")
    @ApiResponse(responseCode = "201", description = "Opened; Location names the complaint")
    @Operation(summary = "Open a complaint; dueAt = now + the SLA of its severity; publishes crm.complaint.opened")
    ResponseEntity<ComplaintView> open(@Valid @RequestBody ComplaintInput input) {
        ComplaintView opened = complaints.open(input);
        return ResponseEntity.created(URI.create("/api/complaints/" + opened.id()))
                .eTag(ETags.of(opened.version()))
                .body(opened);
    }

    @GetMapping("/api/complaints/{id}")
    @Operation(
            summary = "One complaint, with its version as ETag",
            description = "Every change below takes If-Match with that ETag (optional; checked when given: 412 when "
                    + "the complaint changed meanwhile, e.g. escalated or reassigned) and answers the new ETag. A "
                    + "complaint of a customer outside the caller's visibility (agents their own customers, managers their team's; integrated systems and admins all) is 404 here "
                    + "and in every change below, as an unknown one.")
    @ApiResponse(responseCode = "200", description = "The complaint")
    ResponseEntity<ComplaintView> get(@PathVariable UUID id) {
        return tagged(complaints.get(id));
    }

    @GetMapping("/api/complaints")
    @Operation(
            summary = "Complaints, newest first, filtered by customerId, status, assignee",
            description =
                    "keyset paging: limit (1-500, default 50) and cursor (the previous page's nextCursor). "
                            + "Only complaints of customers within the caller's visibility (agents their own customers, managers their team's; integrated systems and admins all)")
    @ApiResponse(responseCode = "200", description = "A page of complaints; nextCursor is null on the last")
    @Parameter(
            name = "limit",
            description = "Page size",
            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
    @Parameter(name = "cursor", description = "The previous page's nextCursor, unchanged")
    CursorPage<ComplaintView> list(
            @RequestParam(required = false) UUID customerId,
            @RequestParam(required = false) ComplaintStatus status,
            @RequestParam(required = false) String assignee,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageLimit.resolve(limit);
        return CursorPage.of(
                complaints.list(customerId, status, assignee, KeysetCursor.decode(cursor), size + 1),
                size,
                c -> new KeysetCursor(c.openedAt(), c.id()).encode(),
                c -> c);
    }

    @PostMapping("/api/complaints/{id}/acknowledge")
    @Operation(summary = "OPEN → ACKNOWLEDGED (409 otherwise)")
    ResponseEntity<ComplaintView> acknowledge(
            @PathVariable UUID id, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return tagged(complaints.acknowledge(id, ifMatch));
    }

    @PostMapping("/api/complaints/{id}/resolve")
    @Operation(summary = "OPEN/ACKNOWLEDGED → RESOLVED with a resolution; publishes crm.complaint.resolved")
    ResponseEntity<ComplaintView> resolve(
            @PathVariable UUID id,
            @Valid @RequestBody Resolution body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return tagged(complaints.resolve(id, body.resolution(), ifMatch));
    }

    @PostMapping("/api/complaints/{id}/close")
    @Operation(summary = "RESOLVED → CLOSED")
    ResponseEntity<ComplaintView> close(
            @PathVariable UUID id, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return tagged(complaints.close(id, ifMatch));
    }

    @PostMapping("/api/complaints/{id}/reopen")
    @Operation(summary = "RESOLVED/CLOSED → OPEN with a reason and a fresh SLA deadline")
    ResponseEntity<ComplaintView> reopen(
            @PathVariable UUID id,
            @Valid @RequestBody Reopening body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return tagged(complaints.reopen(id, body.reason(), ifMatch));
    }

    @PutMapping("/api/complaints/{id}/assignee")
    @Operation(summary = "Assign the complaint to an agent or team")
    ResponseEntity<ComplaintView> assign(
            @PathVariable UUID id,
            @Valid @RequestBody Assignment body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return tagged(complaints.assign(id, body.assignee(), ifMatch));
    }

    private static ResponseEntity<ComplaintView> tagged(ComplaintView complaint) {
        return ResponseEntity.ok().eTag(ETags.of(complaint.version())).body(complaint);
    }
}
