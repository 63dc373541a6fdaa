package com.crm.loyalty.coupon;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A single-use coupon. */
public record Coupon(
        UUID id,

        @Schema(description = "The unguessable code the customer uses, e.g. K7QM-2XPA-9RTB-W4HC")
        String code,

        UUID customerId,
        String campaign,
        @Schema(description = "ISSUED, REDEEMED or REVOKED") String status,
        Instant validFrom,
        Instant validUntil,
        Instant issuedAt,
        Instant redeemedAt,
        Instant revokedAt) {}
