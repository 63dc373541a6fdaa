package com.crm.customer.dedup;

import com.crm.customer.profile.CustomerAccess;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.paging.PageLimit;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.time.Clock;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/duplicates")
@Tag(name = "Duplicates and merge", description = "Suspected duplicate customers, found on every change and by scans")
class DuplicateController {

    enum CandidateStatus {
        OPEN,
        DISMISSED,
        MERGED
    }

    private final DuplicateRepository duplicates;
    private final DuplicateScan scan;
    private final CustomerAccess access;
    private final Clock clock;

    DuplicateController(DuplicateRepository duplicates, DuplicateScan scan, CustomerAccess access, Clock clock) {
        this.duplicates = duplicates;
        this.scan = scan;
        this.access = access;
        this.clock = clock;
    }

    @GetMapping
    @Transactional(readOnly = true)
    @Operation(
            summary = "List duplicate candidates",
            description = "Needs crm.read. Each pair once, with its score "
                    + "(0..1) and the reasons; oldest detection first; merge a pair with POST /api/customers/merge.")
    @ApiResponse(responseCode = "200", description = "A page of candidates")
    CursorPage<DuplicateRepository.Candidate> list(
            @RequestParam(defaultValue = "OPEN") CandidateStatus status,
            @Parameter(description = "Pairs involving this customer") @RequestParam(required = false) UUID customerId,
            @Parameter(description = "0..1") @RequestParam(required = false) Double minScore,
            @Parameter(description = "1 to 500, default 50") @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        if (minScore != null && (minScore < 0 || minScore > 1)) {
            throw ApiException.invalid("minScore", ErrorCode.OUT_OF_RANGE, "must be between 0 and 1");
        }
        int size = PageLimit.resolve(limit);
        return CursorPage.of(
                duplicates.list(
                        status.name(),
                        customerId,
                        minScore,
                        access.visibility(),
                        KeysetCursor.decode(cursor),
                        size + 1),
                size,
                c -> new KeysetCursor(c.detectedAt(), c.id()).encode(),
                c -> c);
    }

    @PostMapping("/{id}/dismiss")
    @Transactional
    @Operation(
            summary = "Dismiss a candidate: these are different customers",
            description =
                    "Needs crm.write. A dismissed pair is not suggested again. Dismissing again answers the same.")
    @ApiResponse(responseCode = "200", description = "The dismissed candidate")
    @ApiResponse(
            responseCode = "404",
            description = "No such candidate",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "409",
            description = "The pair was merged",
            content = @Content(mediaType = "application/problem+json"))
    DuplicateRepository.Candidate dismiss(@PathVariable UUID id, Principal principal) {
        var candidate = duplicates
                .find(id, access.visibility())
                .orElseThrow(() -> ApiException.notFound("Duplicate candidate", id));
        if ("MERGED".equals(candidate.status())) {
            throw ApiException.conflict("The pair was merged");
        }
        duplicates.dismiss(id, principal.getName(), clock.instant());
        return duplicates.find(id, access.visibility()).orElseThrow();
    }

    @PostMapping("/scan")
    @PreAuthorize("hasAuthority('SCOPE_crm.admin')")
    @Operation(
            summary = "Scan every customer for duplicates",
            description = "Needs crm.admin. Runs in the background; "
                    + "follow it with GET /api/duplicates/scan. 409 while a scan runs.")
    @ApiResponse(responseCode = "202", description = "Started")
    ResponseEntity<DuplicateScan.Status> startScan() {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header("Location", "/api/duplicates/scan")
                .body(scan.start());
    }

    @GetMapping("/scan")
    @Operation(
            summary = "State of the latest duplicate scan on this instance",
            description = "Needs crm.read and a caller who sees every customer (the scan covers them all).")
    DuplicateScan.Status scanStatus() {
        access.requireAll("the duplicate scan");
        return scan.status();
    }
}
