package com.crm.customer.audit;

import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.paging.PageLimit;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.security.CrmScopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/audit")
@Tag(name = "Audit log", description = "Who did which sensitive action, when (append-only)")
class AuditController {

    private final AuditRepository entries;

    AuditController(AuditRepository entries) {
        this.entries = entries;
    }

    @GetMapping
    @Transactional(readOnly = true)
    @PreAuthorize(CrmScopes.ADMIN_ONLY)
    @Operation(
            summary = "List audit entries",
            description = "Needs crm.admin. Every service records its sensitive actions (exports, consent changes, "
                    + "merges, erasures, contact-policy overrides, webhook target changes, configuration changes) "
                    + "with the actor from the token; they arrive here through crm.audit.v1 within seconds. Newest "
                    + "first. Entries are never changed or deleted.")
    @ApiResponse(responseCode = "200", description = "A page of entries, newest first")
    @ApiResponse(
            responseCode = "403",
            description = "The token lacks crm.admin",
            content = @Content(mediaType = "application/problem+json"))
    CursorPage<AuditEntry> list(
            @Parameter(description = "The actor's id (a person's sub or a client id)") @RequestParam(required = false)
                    String actor,
            @Parameter(description = "e.g. customer.erased, customer.merged, contact-policy.overridden")
                    @RequestParam(required = false)
                    String action,
            @Parameter(description = "e.g. customer, contact-policy, survey, segment, webhook-subscription")
                    @RequestParam(required = false)
                    String subjectType,
            @Parameter(description = "With subjectType") @RequestParam(required = false) String subjectId,
            @RequestParam(required = false) UUID customerId,
            @Parameter(description = "Entries at or after this instant (ISO-8601)") @RequestParam(required = false)
                    Instant from,
            @Parameter(description = "Entries before this instant (ISO-8601)") @RequestParam(required = false)
                    Instant to,
            @Parameter(description = "1 to 500, default 50") @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalid("from", ErrorCode.EMPTY_RANGE, "from must be before to");
        }
        int size = PageLimit.resolve(limit);
        var filter = new AuditRepository.Filter(
                blankToNull(actor),
                blankToNull(action),
                blankToNull(subjectType),
                blankToNull(subjectId),
                customerId,
                from,
                to);
        return CursorPage.of(
                entries.list(filter, KeysetCursor.decode(cursor), size + 1),
                size,
                e -> new KeysetCursor(e.occurredAt(), e.id()).encode(),
                e -> e);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
