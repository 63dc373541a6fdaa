package com.crm.loyalty.program;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Loyalty programs", description = "How customers join and earn points")
class ProgramController {

    private final ProgramRepository programs;

    ProgramController(ProgramRepository programs) {
        this.programs = programs;
    }

    @GetMapping("/api/loyalty/programs")
    @Operation(summary = "The loyalty programs, by code")
    List<Program> programs() {
        return programs.all();
    }
}
