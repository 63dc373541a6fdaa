package com.crm.loyalty.level;

import com.crm.support.audit.AuditTrail;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.security.CrmScopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Loyalty levels", description = "Member levels, how they qualify and the privileges they give")
class LevelController {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

    private final LevelRepository levels;
    private final AuditTrail audit;

    LevelController(LevelRepository levels, AuditTrail audit) {
        this.levels = levels;
        this.audit = audit;
    }

    @GetMapping("/api/loyalty/levels")
    @Operation(
            summary = "The levels, lowest rank first, with their thresholds and privileges",
            description = "Other services read privileges here (pointsMultiplier, servicePriority, freeShipping, ...)."
                    + " Members qualify by points earned on purchases or by spend in the program's rolling window.")
    List<Level> all() {
        return levels.all();
    }

    @PutMapping("/api/loyalty/levels/{code}")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Transactional
    @Operation(
            summary = "Create or replace a level (crm.config or crm.admin)",
            description = "Members move to a new threshold's level on their next accrual (up) or review (down).")
    @ApiResponse(responseCode = "200", description = "The level as stored")
    @ApiResponse(responseCode = "400", description = "Invalid code or body, or a rank another level holds")
    Level put(@PathVariable String code, @Valid @RequestBody LevelInput in) {
        if (!CODE.matcher(code).matches()) {
            throw ApiException.invalid("code", ErrorCode.INVALID_FORMAT, "upper-case letters, digits and _, max 32");
        }
        if (!levels.upsert(code, in)) {
            throw ApiException.invalid(
                    List.of(new FieldViolation("rank", ErrorCode.TAKEN, "another level has rank " + in.rank())));
        }
        audit.record("loyalty.level.configured", "loyalty-level", code, Map.of("rank", in.rank()));
        return levels.find(code).orElseThrow();
    }
}
