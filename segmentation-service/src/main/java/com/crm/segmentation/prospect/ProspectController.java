package com.crm.segmentation.prospect;

import com.crm.support.problem.ErrorCode;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.PageLimit;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.FieldViolation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Prospects", description = "Customers without a purchase, by need and ability; conversion report")
@ApiResponse(responseCode = "400", description = "Invalid parameter; errors[] names each",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "401", description = "No valid bearer token",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The token lacks the scope",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
class ProspectController {

    private final ProspectService prospects;

    ProspectController(ProspectService prospects) {
        this.prospects = prospects;
    }

    @GetMapping("/api/prospects")
    @ApiResponse(responseCode = "200", description = "A page of prospects")
    @Operation(summary = "Open prospects by priority (1 need and ability ... 4 neither), with scores and reasons",
            description = "filters priority (1-4), ownerId, source; keyset paging by priority then customer id")
    CursorPage<ProspectService.Prospect> list(@RequestParam(required = false) String priority,
                                              @RequestParam(required = false) String ownerId,
                                              @RequestParam(required = false) String source,
                                              @RequestParam(required = false) Integer limit,
                                              @RequestParam(required = false) String cursor) {
        List<FieldViolation> errors = new ArrayList<>();
        Integer p = null;
        if (priority != null) {
            if (!priority.matches("[1-4]")) {
                errors.add(new FieldViolation("priority", ErrorCode.OUT_OF_RANGE, "1, 2, 3 or 4"));
            } else {
                p = Integer.parseInt(priority);
            }
        }
        if (ownerId != null && ownerId.length() > 64) {
            errors.add(new FieldViolation("ownerId", ErrorCode.TOO_LONG, "at most 64 characters"));
        }
        if (source != null && source.length() > 64) {
            errors.add(new FieldViolation("source", ErrorCode.TOO_LONG, "at most 64 characters"));
        }
        Integer afterPriority = null;
        UUID afterId = null;
        if (cursor != null) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                afterPriority = Integer.parseInt(parts[0]);
                afterId = UUID.fromString(parts[1]);
            } catch (RuntimeException e) {
                errors.add(new FieldViolation("cursor", ErrorCode.INVALID_CURSOR, "not a cursor this API returned"));
            }
        }
        int size = PageLimit.resolve(limit);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return CursorPage.of(prospects.list(p, ownerId, source, afterPriority, afterId, size + 1), size,
                last -> Base64.getUrlEncoder().withoutPadding().encodeToString(
                        (last.priority() + "|" + last.customerId()).getBytes(StandardCharsets.UTF_8)),
                x -> x);
    }

    @GetMapping("/api/prospects/{customerId}")
    @ApiResponse(responseCode = "200", description = "The prospect")
    @Operation(summary = "One prospect (also a converted one, with convertedAt)")
    @ApiResponse(responseCode = "404", description = "Not a prospect",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    ProspectService.Prospect get(@PathVariable UUID customerId) {
        return prospects.get(customerId);
    }

    @GetMapping("/api/prospects/conversion")
    @ApiResponse(responseCode = "200", description = "Conversion by priority and by source")
    @Operation(summary = "Prospects → first purchase by priority and by source over a period",
            description = "from/to: UTC days (ISO), default the last 90 days; at most 3660 days; source: one source only")
    ProspectService.ConversionReport conversion(@RequestParam(required = false) String from,
                                                @RequestParam(required = false) String to,
                                                @RequestParam(required = false) String source) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<FieldViolation> errors = new ArrayList<>();
        LocalDate t = date("to", to, today, errors);
        LocalDate f = date("from", from, (t == null ? today : t).minusDays(89), errors);
        if (f != null && t != null && (f.isAfter(t) || f.plusDays(3660).isBefore(t))) {
            errors.add(new FieldViolation("from", ErrorCode.OUT_OF_RANGE, "from ≤ to, at most 3660 days apart"));
        }
        if (source != null && source.length() > 64) {
            errors.add(new FieldViolation("source", ErrorCode.TOO_LONG, "at most 64 characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return prospects.conversion(f, t, source);
    }

    static LocalDate date(String field, String value, LocalDate fallback, List<FieldViolation> errors) {
        if (value == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldViolation(field, ErrorCode.INVALID_FORMAT, "an ISO date (yyyy-MM-dd)"));
            return null;
        }
    }
}
