package com.crm.loyalty.coupon;

import com.crm.contracts.events.loyalty.CouponIssued;
import com.crm.contracts.events.loyalty.CouponRedeemed;
import com.crm.loyalty.LoyaltyProperties;
import com.crm.loyalty.access.CustomerAccess;
import com.crm.loyalty.risk.RiskHolds;
import com.crm.support.audit.AuditTrail;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Single-use coupons: issued to customers, redeemed once within their validity, revocable while unused. */
@Service
public class Coupons {

    record IssueInput(
            @NotEmpty @Size(max = 1000) @Schema(description = "The customers, e.g. a segment's members (at most 1,000)")
            List<@NotNull UUID> customerIds,

            @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9_.-]+", message = "letters, digits, _ . or -")
            String campaign,

            @Schema(description = "Default now") Instant validFrom,
            @NotNull Instant validUntil) {}

    record Issued(List<Coupon> coupons) {}

    private final CouponRepository repository;
    private final CustomerAccess access;
    private final EventOutbox outbox;
    private final AuditTrail audit;
    private final LoyaltyProperties properties;
    private final RiskHolds risk;
    private final Clock clock;

    Coupons(
            CouponRepository repository,
            CustomerAccess access,
            EventOutbox outbox,
            AuditTrail audit,
            LoyaltyProperties properties,
            RiskHolds risk,
            Clock clock) {
        this.risk = risk;
        this.repository = repository;
        this.access = access;
        this.outbox = outbox;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    Issued issue(IssueInput in) {
        Instant now = now();
        Instant from = in.validFrom() == null ? now : in.validFrom();
        List<FieldViolation> errors = new ArrayList<>();
        if (in.customerIds().size() > properties.maxCouponRecipients()) {
            errors.add(new FieldViolation(
                    "customerIds", ErrorCode.TOO_MANY, "at most " + properties.maxCouponRecipients()));
        }
        if (!in.validUntil().isAfter(from)) {
            errors.add(new FieldViolation("validUntil", ErrorCode.EMPTY_RANGE, "must be after validFrom"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        List<UUID> customers = List.copyOf(new LinkedHashSet<>(in.customerIds()));
        List<FieldViolation> hidden = new ArrayList<>();
        for (int i = 0; i < in.customerIds().size(); i++) {
            if (access.hidden(in.customerIds().get(i))) {
                hidden.add(new FieldViolation(
                        "customerIds[" + i + "]",
                        ErrorCode.UNKNOWN_REFERENCE,
                        "no such customer within your visibility"));
            }
        }
        if (!hidden.isEmpty()) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    ProblemTypes.RULE_VIOLATION,
                    "Unknown customer",
                    hidden.size() + " customers are not within your visibility",
                    hidden);
        }
        Set<UUID> held = risk.heldAmong(customers);
        if (!held.isEmpty()) {
            List<FieldViolation> refused = new ArrayList<>();
            for (int i = 0; i < in.customerIds().size(); i++) {
                if (held.contains(in.customerIds().get(i))) {
                    refused.add(new FieldViolation(
                            "customerIds[" + i + "]", ErrorCode.NOT_ALLOWED, "confirmed fraud: no coupons"));
                }
            }
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    ProblemTypes.RULE_VIOLATION,
                    "Customer under a fraud hold",
                    held.size() + " customers are confirmed frauds and get no coupons",
                    refused);
        }
        List<Coupon> coupons = customers.stream()
                .map(c -> new Coupon(
                        UUID.randomUUID(),
                        CouponCodes.next(),
                        c,
                        in.campaign(),
                        "ISSUED",
                        from,
                        in.validUntil(),
                        now,
                        null,
                        null))
                .toList();
        repository.insertAll(coupons);
        outbox.appendAll(coupons.stream()
                .map(c -> new CouponIssued(c.customerId(), c.id(), c.campaign(), c.validFrom(), c.validUntil(), now))
                .toList());
        return new Issued(coupons);
    }

    /** Redeems the coupon once; 404 unknown (or not visible), 409 already redeemed, 422 revoked or not valid now. */
    @Transactional
    Coupon redeem(String typed) {
        String code = visibleCode(typed);
        if (risk.held(repository.findByCode(code).orElseThrow().customerId())) {
            throw ApiException.ruleViolation(
                    "Customer under a fraud hold", "The coupon's customer is a confirmed fraud: it cannot be redeemed");
        }
        Instant now = now();
        Coupon redeemed = repository.redeem(code, now).orElseThrow(() -> refused(code, now));
        outbox.append(new CouponRedeemed(redeemed.customerId(), redeemed.id(), redeemed.campaign(), now));
        return redeemed;
    }

    @Transactional
    Coupon revoke(String typed) {
        String code = visibleCode(typed);
        Coupon revoked = repository
                .revoke(code, now())
                .orElseThrow(() -> ApiException.conflict(
                        "Coupon is " + repository.findByCode(code).orElseThrow().status() + " and cannot be revoked"));
        audit.record(
                "loyalty.coupon.revoked",
                "coupon",
                revoked.id(),
                revoked.customerId(),
                Map.of("campaign", revoked.campaign()));
        return revoked;
    }

    List<Coupon> ofCustomer(UUID customerId, KeysetCursor after, int limit) {
        access.refuseHidden(customerId);
        return repository.ofCustomer(customerId, after, limit);
    }

    /** crm.customer.merged: the merged customers' coupons become the survivor's. */
    @Transactional
    public void merged(UUID survivor, List<UUID> merged) {
        repository.moveToSurvivor(merged, survivor);
    }

    /** crm.customer.erased: unused coupons are revoked. */
    @Transactional
    public void erased(UUID customerId) {
        repository.revokeAll(customerId, now());
    }

    private String visibleCode(String typed) {
        String code = CouponCodes.normalise(typed);
        if (code == null) {
            throw ApiException.notFound("Coupon", typed == null ? "" : "code");
        }
        Coupon coupon = repository.findByCode(code).orElse(null);
        if (coupon == null || !access.visible(coupon.customerId())) {
            throw ApiException.notFound("Coupon", "code");
        }
        return code;
    }

    private ApiException refused(String code, Instant now) {
        Coupon c = repository.findByCode(code).orElseThrow();
        if ("REDEEMED".equals(c.status())) {
            return ApiException.conflict("The coupon was already redeemed at " + c.redeemedAt());
        }
        if ("REVOKED".equals(c.status())) {
            return ApiException.ruleViolation("Coupon revoked", "The coupon was revoked");
        }
        return ApiException.ruleViolation(
                "Coupon not valid now", "The coupon is valid from " + c.validFrom() + " until " + c.validUntil());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
