package com.crm.segmentation.value;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Customer value", description = "Per-customer metrics, RFM, CLV, P(alive), tier, stage, churn risk")
class CustomerValueController {

    private final CustomerValueService service;

    CustomerValueController(CustomerValueService service) {
        this.service = service;
    }

    @GetMapping("/api/segmentation/customers/{customerId}")
    @Operation(
            summary = "What a customer is worth and where they are heading",
            description = "Record-level access: people see the customers within their visibility (agents their own, "
                    + "managers their team's); integrated systems and admins see all.")
    @ApiResponse(responseCode = "200", description = "Metrics and scores")
    @ApiResponse(
            responseCode = "404",
            description = "Nothing known of this customer, or one outside the caller's visibility",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    CustomerValueView get(@PathVariable UUID customerId) {
        return service.view(customerId);
    }
}
