package com.crm.interaction.timeline;

/** Who started the contact: the customer (inbound) or the company (outbound). */
public enum Direction {
    INBOUND,
    OUTBOUND
}
