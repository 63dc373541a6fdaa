package com.crm.loyalty.expiry;

import com.crm.loyalty.access.CustomerAccess;
import com.crm.loyalty.expiry.ExpiryRepository.ExpiringMember;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.paging.PageLimit;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Points expiry", description = "Members with points expiring soon")
class ExpiringController {

    private static final Duration MAX = Duration.ofDays(366);

    private final ExpiryRepository repository;
    private final CustomerAccess access;
    private final Clock clock;

    ExpiringController(ExpiryRepository repository, CustomerAccess access, Clock clock) {
        this.repository = repository;
        this.access = access;
        this.clock = clock;
    }

    @GetMapping("/api/loyalty/expiring")
    @Operation(
            summary = "Members with points expiring within a window, soonest first",
            description = "within: an ISO-8601 duration (default P30D, at most P366D). Only members of customers "
                    + "within the caller's visibility. Keyset paging: limit (1-500, default 50) and cursor.")
    @ApiResponse(responseCode = "200", description = "A page; nextCursor is null on the last")
    @ApiResponse(responseCode = "400", description = "A bad within, limit or cursor")
    @Parameter(
            name = "limit",
            description = "Page size",
            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
    CursorPage<ExpiringMember> expiring(
            @RequestParam(required = false) String within,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        Duration window = window(within);
        int size = PageLimit.resolve(limit);
        return CursorPage.of(
                repository.expiring(
                        clock.instant().plus(window),
                        access.condition("m.customer_id"),
                        KeysetCursor.decode(cursor),
                        size + 1),
                size,
                m -> new KeysetCursor(m.firstExpiresAt(), m.memberId()).encode(),
                m -> m);
    }

    private static Duration window(String within) {
        if (within == null || within.isBlank()) {
            return Duration.ofDays(30);
        }
        Duration d;
        try {
            d = Duration.parse(within);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("within", ErrorCode.INVALID_FORMAT, "an ISO-8601 duration such as P30D");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(MAX) > 0) {
            throw ApiException.invalid("within", ErrorCode.OUT_OF_RANGE, "between PT1S and P366D");
        }
        return d;
    }
}
