package com.crm.customer.profile;

import java.util.List;

/**
 * Many customers saved at once in the current transaction (the set-based create path): listeners keep their derived
 * data with one statement for all of them instead of one per customer.
 */
public record CustomersSaved(List<CustomerView> customers) {}
