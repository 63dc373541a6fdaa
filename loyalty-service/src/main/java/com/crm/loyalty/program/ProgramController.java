package com.crm.loyalty.program;

import com.crm.support.audit.AuditTrail;
import com.crm.support.problem.ApiException;
import com.crm.support.security.CrmScopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Loyalty programs", description = "How customers join and earn points")
class ProgramController {

    private final ProgramRepository programs;
    private final AuditTrail audit;

    ProgramController(ProgramRepository programs, AuditTrail audit) {
        this.programs = programs;
        this.audit = audit;
    }

    @GetMapping("/api/loyalty/programs")
    @Operation(summary = "The loyalty programs, by code")
    List<Program> programs() {
        return programs.all();
    }

    @PutMapping("/api/loyalty/programs/{code}/settings")
    @PreAuthorize(CrmScopes.CONFIG_OR_ADMIN)
    @Transactional
    @Operation(
            summary = "Replace a program's settings (crm.config or crm.admin)",
            description = "Earning rate, auto-enrolment, points validity, feedback points and the level review "
                    + "settings. New values apply to what happens from now on: lots already earned keep their expiry.")
    @ApiResponse(responseCode = "200", description = "The program with its new settings")
    @ApiResponse(responseCode = "404", description = "No such program")
    Program update(@PathVariable String code, @Valid @RequestBody ProgramSettings settings) {
        if (!programs.update(code, settings)) {
            throw ApiException.notFound("Program", code);
        }
        Program updated = programs.find(code).orElseThrow();
        audit.record("loyalty.program.configured", "loyalty-program", updated.id(), Map.of("code", code));
        return updated;
    }
}
