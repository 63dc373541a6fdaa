package com.crm.tokenissuer.people;

/** One field at fault in an admin API request, as the platform's problem+json {@code errors[]} name them. */
public record FieldError(String field, String code, String message) {}
