package com.crm.customer.gdpr;

import com.crm.customer.consent.ConsentRecords;
import com.crm.customer.profile.CustomerErasure;
import com.crm.customer.profile.CustomerService;
import com.crm.customer.profile.CustomerService.CustomerRecords;
import com.crm.customer.purchase.PurchaseService;
import com.crm.customer.purchase.PurchaseView;
import com.crm.support.audit.AuditTrail;
import com.crm.support.security.CrmScopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
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
    record CustomerExport(
            Instant exportedAt,
            CustomerRecords records,
            List<PurchaseView> purchases,
            ConsentRecords.ConsentExport consent) {}

    private final CustomerService customers;
    private final PurchaseService purchases;
    private final ConsentRecords consent;
    private final CustomerErasure erasure;
    private final Clock clock;
    private final AuditTrail audit;

    GdprController(
            CustomerService customers,
            PurchaseService purchases,
            ConsentRecords consent,
            CustomerErasure erasure,
            Clock clock,
            AuditTrail audit) {
        this.customers = customers;
        this.purchases = purchases;
        this.consent = consent;
        this.erasure = erasure;
        this.clock = clock;
        this.audit = audit;
    }

    @GetMapping("/export")
    @PreAuthorize(CrmScopes.EXPORT_OR_ADMIN)
    @Transactional
    @Operation(
            summary = "Export everything held on a customer (GDPR access)",
            description =
                    "Needs crm.export or crm.admin; recorded in the audit log. The profile with its consents and external references, the profiles of "
                            + "customers merged into it, every purchase, and the consent records (decisions by purpose, subscription "
                            + "choices, their history with evidence).")
    @ApiResponse(responseCode = "200", description = "The export, as a JSON attachment")
    ResponseEntity<CustomerExport> export(@PathVariable UUID id) {
        CustomerRecords records = customers.records(id);
        var export = new CustomerExport(
                clock.instant(),
                records,
                purchases.all(records.customer().id()),
                consent.of(records.customer().id()));
        audit.record("customer.exported", "customer", id, records.customer().id(), Map.of());
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"customer-" + id + ".json\"")
                .body(export);
    }

    @PostMapping("/erasure")
    @PreAuthorize(CrmScopes.ERASE_OR_ADMIN)
    @Operation(
            summary = "Erase a customer's personal data (GDPR erasure)",
            description =
                    "Needs crm.erase or crm.admin; recorded in the audit log with its actor. Irreversible: the profile (and those merged into it) is anonymised, "
                            + "purchases stay as anonymous amounts, and crm.customer.erased tells every service to purge. "
                            + "Afterwards the id answers 410, and an ERP upsert of its external reference is refused unless "
                            + "it asks to recreate the customer. Erasing again answers the same.")
    @ApiResponse(responseCode = "200", description = "Erased")
    CustomerErasure.Erased erase(@PathVariable UUID id) {
        return erasure.erase(id);
    }
}
