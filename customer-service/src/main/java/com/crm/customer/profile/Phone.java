package com.crm.customer.profile;

/** @param number E.164, e.g. {@code +8613812345678} */
public record Phone(String number, String label, boolean primary) {}
