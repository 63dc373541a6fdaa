package com.crm.interaction.contact;

/** Why the company contacts the customer; contact policies may limit one purpose (e.g. marketing) only. */
public enum Purpose {
    SERVICE,
    SALES,
    MARKETING
}
