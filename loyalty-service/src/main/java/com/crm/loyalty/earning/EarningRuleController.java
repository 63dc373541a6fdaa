package com.crm.loyalty.earning;

import com.crm.support.audit.AuditTrail;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.security.CrmScopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Earning rules", description = "Multipliers by category, channel and campaign dates; daily caps")
class EarningRuleController {

    private static final int MAX_RULES = 200;

    private final EarningRuleRepository rules;
    private final AuditTrail audit;
    private final Clock clock;

    EarningRuleController(EarningRuleRepository rules, AuditTrail audit, Clock clock) {
        this.rules = rules;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/api/loyalty/earning-rules")
    @Operation(
            summary = "The earning rules, oldest first",
            description = "A purchase earns floor(amount × pointsPerUnit × level multiplier × rule multipliers), "
                    + "multipliers weighted by the lines' amounts, then limited by the daily cap. Without rules the "
                    + "program's base rate applies (default 1 point per whole currency unit).")
    List<EarningRule> all() {
        return rules.all();
    }

    @GetMapping("/api/loyalty/earning-rules/{id}")
    @ApiResponse(responseCode = "200", description = "The earning rule")
    @Operation(summary = "One earning rule")
    @ApiResponse(responseCode = "404", description = "No such rule")
    EarningRule get(@PathVariable UUID id) {
        return rules.find(id).orElseThrow(() -> ApiException.notFound("Earning rule", id));
    }

    @PostMapping("/api/loyalty/earning-rules")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Transactional
    @Operation(summary = "Add an earning rule (crm.config or crm.admin); applies to purchases accrued from now on")
    @ApiResponse(responseCode = "201", description = "Created; Location names the rule")
    @ApiResponse(responseCode = "400", description = "Invalid fields, each named")
    ResponseEntity<EarningRule> create(@Valid @RequestBody EarningRuleInput in) {
        check(in);
        if (rules.all().size() >= MAX_RULES) {
            throw ApiException.ruleViolation("Too many rules", "At most " + MAX_RULES + " earning rules");
        }
        UUID id = UUID.randomUUID();
        rules.insert(id, in, clock.instant().truncatedTo(ChronoUnit.MICROS));
        audit.record("loyalty.earning-rule.created", "earning-rule", id, Map.of("type", in.type()));
        return ResponseEntity.created(URI.create("/api/loyalty/earning-rules/" + id))
                .body(rules.find(id).orElseThrow());
    }

    @PutMapping("/api/loyalty/earning-rules/{id}")
    @ApiResponse(responseCode = "200", description = "Replaced: the new earning rule")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Transactional
    @Operation(summary = "Replace an earning rule (crm.config or crm.admin)")
    @ApiResponse(responseCode = "404", description = "No such rule")
    EarningRule update(@PathVariable UUID id, @Valid @RequestBody EarningRuleInput in) {
        check(in);
        if (!rules.update(id, in)) {
            throw ApiException.notFound("Earning rule", id);
        }
        audit.record("loyalty.earning-rule.updated", "earning-rule", id, Map.of("type", in.type()));
        return rules.find(id).orElseThrow();
    }

    @DeleteMapping("/api/loyalty/earning-rules/{id}")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Transactional
    @Operation(summary = "Remove an earning rule (crm.config or crm.admin)")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "404", description = "No such rule")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        if (!rules.delete(id)) {
            throw ApiException.notFound("Earning rule", id);
        }
        audit.record("loyalty.earning-rule.deleted", "earning-rule", id, Map.of());
        return ResponseEntity.noContent().build();
    }

    private static void check(EarningRuleInput in) {
        List<FieldViolation> errors = new ArrayList<>();
        if (EarningRule.MULTIPLIER.equals(in.type()) && in.multiplier() == null) {
            errors.add(new FieldViolation("multiplier", ErrorCode.REQUIRED, "a MULTIPLIER rule needs a multiplier"));
        }
        if (EarningRule.DAILY_CAP.equals(in.type()) && in.dailyCap() == null) {
            errors.add(new FieldViolation("dailyCap", ErrorCode.REQUIRED, "a DAILY_CAP rule needs a dailyCap"));
        }
        if (in.validFrom() != null
                && in.validUntil() != null
                && !in.validUntil().isAfter(in.validFrom())) {
            errors.add(new FieldViolation("validUntil", ErrorCode.EMPTY_RANGE, "must be after validFrom"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}
