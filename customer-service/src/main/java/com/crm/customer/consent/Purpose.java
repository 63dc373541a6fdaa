package com.crm.customer.consent;

/**
 * What the company processes a customer's data for. MARKETING covers sales solicitation too; SERVICE covers service
 * messages and satisfaction surveys; PROFILING covers scoring and segmenting; THIRD_PARTY_SHARING covers handing data
 * to another company (PIPL Art. 23 asks for a separate consent).
 */
public enum Purpose {
    MARKETING,
    SERVICE,
    PROFILING,
    THIRD_PARTY_SHARING;

    /** PROFILING and THIRD_PARTY_SHARING are not about a channel: they are decided for ALL channels only. */
    boolean perChannel() {
        return this == MARKETING || this == SERVICE;
    }
}
