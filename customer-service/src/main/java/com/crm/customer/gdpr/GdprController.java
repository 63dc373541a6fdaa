package com.crm.customer.gdpr;

import com.crm.customer.profile.CustomerErasure;
import com.crm.customer.profile.CustomerService;
import com.crm.customer.profile.CustomerService.CustomerRecords;
import com.crm.customer.purchase.PurchaseService;
import com.crm.customer.purchase.PurchaseView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/customers/{id}")
@Tag(name = "GDPR", description = "Data subject access (export) and erasure")
@ApiResponse(
        responseCode = "404",
        description = "No such customer",
        content = @Content(mediaType = "application/problem+json"))
@ApiResponse(
        responseCode = "410",
        description = "Already erased or deleted",
        content = @Content(mediaType = "application/problem+json"))
class GdprController {

    /** Everything customer-service holds on a customer. */
    record CustomerExport(Instant exportedAt, CustomerRecords records, List<PurchaseView> purchases) {}

    private final CustomerService customers;
    private final PurchaseService purchases;
    private final CustomerErasure erasure;
    private final Clock clock;

    GdprController(CustomerService customers, PurchaseService purchases, CustomerErasure erasure, Clock clock) {
        this.customers = customers;
        this.purchases = purchases;
        this.erasure = erasure;
        this.clock = clock;
    }

    @GetMapping("/export")
    @PreAuthorize("hasAuthority('SCOPE_crm.admin')")
    @Operation(
            summary = "Export everything held on a customer (GDPR access)",
            description = "Needs crm.admin. The profile with its consents and external references, the profiles of "
                    + "customers merged into it, and every purchase.")
    @ApiResponse(responseCode = "200", description = "The export, as a JSON attachment")
    ResponseEntity<CustomerExport> export(@PathVariable UUID id) {
        CustomerRecords records = customers.records(id);
        var export = new CustomerExport(
                clock.instant(), records, purchases.all(records.customer().id()));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"customer-" + id + ".json\"")
                .body(export);
    }

    @PostMapping("/erasure")
    @PreAuthorize("hasAuthority('SCOPE_crm.admin')")
    @Operation(
            summary = "Erase a customer's personal data (GDPR erasure)",
            description = "Needs crm.admin. Irreversible: the profile (and those merged into it) is anonymised, "
                    + "purchases stay as anonymous amounts, and crm.customer.erased tells every service to purge. "
                    + "Afterwards the id answers 410, and an ERP upsert of its external reference is refused unless "
                    + "it asks to recreate the customer. Erasing again answers the same.")
    @ApiResponse(responseCode = "200", description = "Erased")
    CustomerErasure.Erased erase(@PathVariable UUID id) {
        return erasure.erase(id);
    }
}
