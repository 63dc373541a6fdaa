package com.crm.segmentation.export;

import com.crm.support.export.BulkExport;
import java.time.Instant;
import org.springframework.stereotype.Repository;

/** The queries of the bulk exports; {@link BulkExport} streams them. */
@Repository
class ExportRepository {

    /** Every active customer's value scores, changed since {@code updatedSince} when given (no order: one statement, one snapshot). */
    String valueScores(Instant updatedSince) {
        return """
                select v.customer_id as "customerId", v.tier, v.clv, v.clv_percentile as "clvPercentile",
                       v.p_alive as "pAlive", v.expected_purchases as "expectedPurchases",
                       v.expected_spend as "expectedSpend", v.recency_score as "rfmRecency",
                       v.frequency_score as "rfmFrequency", v.monetary_score as "rfmMonetary",
                       v.rfm_segment as "rfmSegment", v.quadrant as "keyAccountQuadrant", v.churn_risk as "churnRisk",
                       v.stage as "lifecycleStage", v.updated_at as "updatedAt"
                from customer_value v
                join customer_profile p on p.customer_id = v.customer_id and p.status = 'ACTIVE'
                %s""".formatted(updatedSince == null ? "" : "where v.updated_at >= " + BulkExport.timestamp(updatedSince));
    }
}
