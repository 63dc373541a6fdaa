package com.crm.customer.erp;

import com.crm.support.batch.BatchResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/customers")
@Tag(name = "ERP sync", description = "Batch upsert of customers by their id in another system")
class CustomerBatchController {

    private final CustomerSync sync;

    CustomerBatchController(CustomerSync sync) {
        this.sync = sync;
    }

    @PostMapping("/batch")
    @Operation(
            summary = "Upsert up to 1,000 customers by (source, externalId)",
            description = "Needs crm.write and crm.integration. Each item is {source, externalId, customer}; "
                    + "customer is merged into the existing record (present fields replace, null clears, absent "
                    + "stay) or creates one. Results come in request order: created, updated, unchanged or rejected "
                    + "with its problem. Re-sending a batch changes nothing and sends no events.")
    @ApiResponse(responseCode = "200", description = "Per-item results")
    @ApiResponse(
            responseCode = "400",
            description = "Not a batch (missing items, more than 1,000)",
            content = @Content(mediaType = "application/problem+json"))
    BatchResponse<CustomerSync.Synced> upsert(@Valid @RequestBody CustomerBatchRequest request) {
        return sync.upsertAll(request.items());
    }
}
