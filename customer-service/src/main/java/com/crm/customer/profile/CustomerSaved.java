package com.crm.customer.profile;

/**
 * Published inside the transaction of every change that leaves a customer active (create, update, upsert,
 * merge survivor): features that derive data from the profile (quality, duplicates) keep up in the same commit.
 */
public record CustomerSaved(CustomerView customer) {}
