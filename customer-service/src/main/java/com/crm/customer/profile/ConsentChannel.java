package com.crm.customer.profile;

/** Channels a customer can consent to being contacted on. */
public enum ConsentChannel {
    EMAIL,
    SMS,
    PHONE,
    WECHAT
}
