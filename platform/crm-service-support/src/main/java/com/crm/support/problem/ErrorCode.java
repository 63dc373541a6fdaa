package com.crm.support.problem;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one vocabulary of {@code errors[].code} every service answers with. A client can switch on these; a new code
 * is added here (and to the README's table), never invented in a service, so one fault has one code everywhere.
 */
public enum ErrorCode {
    REQUIRED("required", "a value is needed and is missing, null or blank (also a null element of a list)"),
    REQUIRED_TOGETHER("required-together", "fields that only make sense together: one is given without the other"),
    TOO_LONG("too-long", "a string is longer than its documented maximum"),
    TOO_SHORT("too-short", "a string is shorter than its documented minimum"),
    TOO_MANY("too-many", "a list or map has more entries than its documented maximum"),
    TOO_FEW("too-few", "a list or map has fewer entries than its documented minimum"),
    OUT_OF_RANGE("out-of-range", "a number, date or duration outside its documented bounds"),
    EMPTY_RANGE("empty-range", "a range whose end is not after its start"),
    INVALID_FORMAT(
            "invalid-format", "a string that does not match its documented format (pattern, date, duration, zone)"),
    INVALID_EMAIL("invalid-email", "not an e-mail address"),
    INVALID_PHONE("invalid-phone", "not a dialable phone number"),
    INVALID_VALUE("invalid-value", "not one of the allowed values (an enum, a key of a map)"),
    INVALID_CHARACTER(
            "invalid-character",
            "a string holding a character that cannot be stored: NUL, another control character or an unpaired surrogate"),
    INVALID_ENCODING("invalid-encoding", "a parameter that is not valid UTF-8"),
    INVALID_CURSOR("invalid-cursor", "a paging cursor this list did not hand out"),
    TYPE_MISMATCH("type-mismatch", "a JSON value of the wrong type (a string where a number is expected, ...)"),
    UNKNOWN_FIELD("unknown-field", "a field the resource does not have"),
    UNKNOWN_REFERENCE("unknown-reference", "an id or name that refers to nothing that exists"),
    DUPLICATE("duplicate", "a value given twice where each must be unique"),
    TAKEN("taken", "a unique name or key that another resource already holds"),
    CONFLICTING(
            "conflicting",
            "a value that contradicts another part of the request (two primaries, a survivor among the merged)"),
    NOT_ALLOWED("not-allowed", "a value this caller or this state does not allow");

    private static final Map<String, ErrorCode> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ErrorCode::code, Function.identity()));

    private final String code;
    private final String meaning;

    ErrorCode(String code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    public static boolean isKnown(String code) {
        return BY_CODE.containsKey(code);
    }

    public static ErrorCode of(String code) {
        ErrorCode known = BY_CODE.get(code);
        if (known == null) {
            throw new IllegalArgumentException("Not an error code: " + code);
        }
        return known;
    }

    @Override
    public String toString() {
        return code;
    }
}
