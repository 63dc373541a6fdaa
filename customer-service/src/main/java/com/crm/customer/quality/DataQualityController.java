package com.crm.customer.quality;

import com.crm.support.paging.CursorPage;
import com.crm.support.paging.PageLimit;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Data quality", description = "Completeness and validity of customer data, with the reasons")
class DataQualityController {

    private final DataQualityService service;

    DataQualityController(DataQualityService service) {
        this.service = service;
    }

    @GetMapping("/api/customers/{id}/data-quality")
    @Operation(
            summary = "A customer's data quality",
            description = "Needs crm.read. score = (completeness + "
                    + "validity) / 2, each 0-100; issues name the code, the field and why.")
    @ApiResponse(responseCode = "200", description = "The assessment")
    DataQualityRepository.Stored forCustomer(@PathVariable UUID id) {
        return service.forCustomer(id);
    }

    @GetMapping("/api/data-quality/customers")
    @Operation(
            summary = "Customers by data quality, worst first",
            description = "Needs crm.read. Filter by issue "
                    + "code (e.g. MISSING_CONTACT_POINT, INVALID_EMAIL_SYNTAX, PHONE_NOT_DIALABLE) and score range.")
    CursorPage<DataQualityRepository.Stored> list(
            @Parameter(description = "Issue code", schema = @Schema(type = "string", pattern = "[A-Z_]{1,50}"))
                    @RequestParam(required = false)
                    String issue,
            @RequestParam(required = false) Integer minScore,
            @RequestParam(required = false) Integer maxScore,
            @Parameter(description = "1 to 500, default 50") @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        if (issue != null && !issue.matches("[A-Z_]{1,50}")) {
            throw ApiException.invalid("issue", ErrorCode.INVALID_VALUE, "an issue code such as MISSING_CONTACT_POINT");
        }
        return service.list(issue, minScore, maxScore, cursor, PageLimit.resolve(limit));
    }

    @GetMapping("/api/data-quality/report")
    @Operation(
            summary = "Data quality report",
            description = "Needs crm.read. Counts by issue, suspected duplicates "
                    + "(open candidates), and the daily trend since a date (one point a day while the service runs).")
    DataQualityService.Report report(
            @Parameter(description = "Trend start (ISO date), default 30 days ago")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate since) {
        return service.report(since == null ? LocalDate.now().minusDays(30) : since);
    }
}
