package com.crm.segmentation.export;

import com.crm.support.audit.AuditTrail;
import com.crm.support.export.BulkExport;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Records each bulk export in the audit trail (before it streams: an export cut short was still taken). */
@Component
class ExportAudit {

    private final AuditTrail audit;

    ExportAudit(AuditTrail audit) {
        this.audit = audit;
    }

    @Transactional
    void exported(String what, BulkExport.Format format, Instant updatedSince) {
        audit.record(
                what + ".exported",
                "export",
                what,
                Map.of("format", format.extension(), "updatedSince", String.valueOf(updatedSince)));
    }
}
