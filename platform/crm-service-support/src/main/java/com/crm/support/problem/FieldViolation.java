package com.crm.support.problem;

/**
 * One field at fault in a request, as listed in a problem's {@code errors[]}.
 *
 * @param field   JSON path of the field, e.g. {@code emails[1].address}; a query parameter or header name otherwise
 * @param code    why, from the platform's one vocabulary (written as its string, e.g. {@code too-long})
 * @param message what is wrong, for humans
 */
public record FieldViolation(String field, ErrorCode code, String message) {}
