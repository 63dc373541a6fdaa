package com.crm.support.problem;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns Jackson's binding errors into the field violations of a problem body. */
public final class JsonProblems {

    private JsonProblems() {}

    /** @return the field at fault and why, or null when Jackson could not place the error (malformed JSON) */
    public static FieldViolation violationOf(JacksonException cause) {
        if (cause instanceof UnstorableTextException unstorable) {
            return new FieldViolation(
                    JsonErrorPaths.of(unstorable.getPath()),
                    ErrorCode.INVALID_CHARACTER,
                    unstorable.getOriginalMessage());
        }
        if (cause instanceof InputCoercionException outOfRange
                && !outOfRange.getPath().isEmpty()) {
            Class<?> target = outOfRange.getTargetType();
            return new FieldViolation(
                    JsonErrorPaths.of(outOfRange.getPath()),
                    ErrorCode.OUT_OF_RANGE,
                    "the number is out of range" + (target == null ? "" : " of " + target.getSimpleName()));
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            List<JacksonException.Reference> path = unknown.getPath();
            return new FieldViolation(
                    JsonErrorPaths.of(path),
                    ErrorCode.UNKNOWN_FIELD,
                    "unknown field '" + unknown.getPropertyName() + "'; allowed: " + unknown.getKnownPropertyIds());
        }
        if (cause instanceof StreamReadException unescaped
                && !unescaped.getPath().isEmpty()
                && String.valueOf(unescaped.getOriginalMessage()).startsWith("Illegal unquoted character")) {
            // a raw control character inside a string: the parser has no exception type of its own for it
            return new FieldViolation(
                    JsonErrorPaths.of(unescaped.getPath()),
                    ErrorCode.INVALID_CHARACTER,
                    "a control character must be escaped, and only tab, line feed and carriage return can be stored");
        }
        if (cause instanceof InvalidFormatException invalid) {
            Class<?> target = invalid.getTargetType();
            String expected = target != null && target.isEnum()
                    ? "one of " + Arrays.toString(target.getEnumConstants())
                    : "a valid " + (target == null ? "value" : target.getSimpleName());
            return new FieldViolation(
                    JsonErrorPaths.of(invalid.getPath()),
                    ErrorCode.INVALID_VALUE,
                    "'" + invalid.getValue() + "' is not " + expected);
        }
        if (cause instanceof InvalidNullException nul) {
            return new FieldViolation(JsonErrorPaths.of(nul.getPath()), ErrorCode.REQUIRED, "must not be null");
        }
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            Class<?> target = mismatch.getTargetType();
            return new FieldViolation(
                    JsonErrorPaths.of(mismatch.getPath()),
                    ErrorCode.TYPE_MISMATCH,
                    "wrong JSON type" + (target == null ? "" : ", expected " + jsonKind(target)));
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            return new FieldViolation(
                    JsonErrorPaths.of(jackson.getPath()), ErrorCode.INVALID_VALUE, jackson.getOriginalMessage());
        }
        return null;
    }

    private static String jsonKind(Class<?> target) {
        if (Number.class.isAssignableFrom(target) || target.isPrimitive() && target != boolean.class) {
            return "a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        if (target == String.class || target.isEnum() || Temporal.class.isAssignableFrom(target)) {
            return "a string";
        }
        return "an object";
    }
}
