package com.crm.customer.profile;

public record Email(String address, String label, boolean primary) {}
