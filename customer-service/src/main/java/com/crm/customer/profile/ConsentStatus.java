package com.crm.customer.profile;

/** GRANTED may be contacted; DENIED never agreed; WITHDRAWN agreed once and took it back. */
public enum ConsentStatus {
    GRANTED,
    DENIED,
    WITHDRAWN
}
