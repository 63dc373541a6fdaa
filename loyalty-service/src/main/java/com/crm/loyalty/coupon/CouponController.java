package com.crm.loyalty.coupon;

import com.crm.loyalty.coupon.Coupons.IssueInput;
import com.crm.loyalty.coupon.Coupons.Issued;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.paging.PageLimit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Coupons", description = "Single-use coupons: issue, redeem once, revoke")
class CouponController {

    private final Coupons coupons;

    CouponController(Coupons coupons) {
        this.coupons = coupons;
    }

    @PostMapping("/api/loyalty/coupons")
    @Operation(
            summary = "Issue a coupon to each of the given customers (at most 1,000)",
            description = "Each gets its own unguessable single-use code, valid from validFrom (default now) until "
                    + "validUntil; publishes crm.loyalty.coupon-issued per coupon. Customers outside the caller's "
                    + "visibility are 422, each named.")
    @ApiResponse(responseCode = "201", description = "The coupons with their codes")
    @ApiResponse(responseCode = "400", description = "Invalid fields, each named")
    ResponseEntity<Issued> issue(@Valid @RequestBody IssueInput in) {
        return ResponseEntity.status(HttpStatus.CREATED).body(coupons.issue(in));
    }

    @GetMapping("/api/loyalty/coupons")
    @Operation(summary = "A customer's coupons, newest first; keyset paged")
    @Parameter(
            name = "limit",
            description = "Page size",
            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
    CursorPage<Coupon> ofCustomer(
            @RequestParam UUID customerId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageLimit.resolve(limit);
        return CursorPage.of(
                coupons.ofCustomer(customerId, KeysetCursor.decode(cursor), size + 1),
                size,
                c -> new KeysetCursor(c.issuedAt(), c.id()).encode(),
                c -> c);
    }

    @PostMapping("/api/loyalty/coupons/{code}/redemption")
    @Operation(
            summary = "Redeem a coupon, once",
            description = "Race-safe: of concurrent redemptions of one code exactly one succeeds. The code is read "
                    + "case-insensitively, with or without dashes. Publishes crm.loyalty.coupon-redeemed.")
    @ApiResponse(responseCode = "200", description = "Redeemed")
    @ApiResponse(responseCode = "404", description = "No such code (or its customer is not visible)")
    @ApiResponse(responseCode = "409", description = "Already redeemed")
    @ApiResponse(responseCode = "422", description = "Revoked, not yet valid or expired")
    Coupon redeem(@PathVariable String code) {
        return coupons.redeem(code);
    }

    @PostMapping("/api/loyalty/coupons/{code}/revocation")
    @Operation(summary = "Revoke an unused coupon (recorded in the audit log)")
    @ApiResponse(responseCode = "200", description = "Revoked")
    @ApiResponse(responseCode = "404", description = "No such code (or its customer is not visible)")
    @ApiResponse(responseCode = "409", description = "Already redeemed or revoked")
    Coupon revoke(@PathVariable String code) {
        return coupons.revoke(code);
    }
}
