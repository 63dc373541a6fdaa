package com.crm.customer.consent;

import com.crm.contracts.events.ActorRef;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * The current decision of a customer on a purpose, for one channel or {@code ALL}. {@code changedAt}: when the
 * customer decided (as the caller said); {@code recordedAt}: when the CRM learnt it; {@code actor}: who recorded it
 * (null for the service's own work: an expiry, a merge).
 */
public record PurposeConsent(
        Purpose purpose,

        @Schema(description = "ALL or one channel: EMAIL, SMS, PHONE, WECHAT")
        String channel,

        PurposeStatus status,
        LegalBasis legalBasis,
        String source,

        @Schema(description = "What proves the decision: the form and text shown, a recording id, a signed document")
        String evidence,

        Instant expiresAt,
        Instant changedAt,
        Instant recordedAt,
        ActorRef actor) {

    /** Whether the decision says the same as the input would (then writing it again changes nothing). */
    boolean sameDecision(PurposeStatus status, LegalBasis basis, String source, String evidence, Instant expiresAt) {
        return this.status == status
                && this.legalBasis == basis
                && java.util.Objects.equals(this.source, source)
                && java.util.Objects.equals(this.evidence, evidence)
                && java.util.Objects.equals(this.expiresAt, expiresAt);
    }
}
