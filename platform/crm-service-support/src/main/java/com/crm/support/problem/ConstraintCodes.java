package com.crm.support.problem;

import jakarta.validation.ConstraintViolation;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;

/** Bean Validation's constraint names, mapped onto the platform's {@link ErrorCode}s. */
public final class ConstraintCodes {

    private ConstraintCodes() {}

    public static FieldViolation violation(String field, ConstraintViolation<?> violation) {
        return new FieldViolation(field, of(violation), violation.getMessage());
    }

    public static ErrorCode of(ConstraintViolation<?> violation) {
        var descriptor = violation.getConstraintDescriptor();
        return of(
                descriptor.getAnnotation().annotationType().getSimpleName(),
                violation.getInvalidValue(),
                descriptor.getAttributes());
    }

    /**
     * @param constraint the constraint annotation's simple name ({@code Size}, {@code NotNull}, ...)
     * @param value      the rejected value
     * @param attributes the constraint's attributes ({@code min}, {@code max}, ...)
     */
    public static ErrorCode of(String constraint, Object value, Map<String, Object> attributes) {
        return switch (constraint) {
            case "NotNull", "NotBlank", "NotEmpty" -> ErrorCode.REQUIRED;
            case "Size", "Length" -> size(value, attributes);
            case "Min",
                    "Max",
                    "DecimalMin",
                    "DecimalMax",
                    "Range",
                    "Positive",
                    "PositiveOrZero",
                    "Negative",
                    "NegativeOrZero",
                    "Digits",
                    "Past",
                    "PastOrPresent",
                    "Future",
                    "FutureOrPresent" -> ErrorCode.OUT_OF_RANGE;
            case "Email" -> ErrorCode.INVALID_EMAIL;
            case "Pattern" -> ErrorCode.INVALID_FORMAT;
            case "Null", "AssertTrue", "AssertFalse" -> ErrorCode.INVALID_VALUE;
            default -> ErrorCode.isKnown(constraint) ? ErrorCode.of(constraint) : ErrorCode.INVALID_VALUE;
        };
    }

    private static ErrorCode size(Object value, Map<String, Object> attributes) {
        int length = length(value);
        boolean tooLarge = attributes.get("max") instanceof Number max && length > max.intValue();
        boolean text = value instanceof CharSequence;
        if (tooLarge) {
            return text ? ErrorCode.TOO_LONG : ErrorCode.TOO_MANY;
        }
        return text ? ErrorCode.TOO_SHORT : ErrorCode.TOO_FEW;
    }

    private static int length(Object value) {
        if (value instanceof CharSequence s) {
            return s.length();
        }
        if (value instanceof Collection<?> c) {
            return c.size();
        }
        if (value instanceof Map<?, ?> m) {
            return m.size();
        }
        return value != null && value.getClass().isArray() ? Array.getLength(value) : 0;
    }
}
