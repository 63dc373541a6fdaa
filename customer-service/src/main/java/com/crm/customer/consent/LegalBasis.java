package com.crm.customer.consent;

/** The lawful ground of processing for a purpose (GDPR Art. 6(1) a–f; PIPL Art. 13 has the same ones and more). */
public enum LegalBasis {
    CONSENT,
    CONTRACT,
    LEGAL_OBLIGATION,
    VITAL_INTERESTS,
    PUBLIC_TASK,
    LEGITIMATE_INTERESTS
}
