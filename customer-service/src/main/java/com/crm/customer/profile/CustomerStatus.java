package com.crm.customer.profile;

/** ACTIVE customers are the live ones; the others are kept only so that their ids answer meaningfully. */
public enum CustomerStatus {
    ACTIVE,
    DELETED,
    MERGED,
    ERASED
}
