package com.crm.feedback;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A string that must be the name of one of {@link #value()}'s constants (null is valid: add {@code @NotNull} when it
 * is required). The platform reports it as {@code invalid-value}. Pair it with {@code @Schema(implementation = ...)}
 * of the same enum so the OpenAPI document lists the values.
 */
@Documented
@Constraint(validatedBy = OneOfValidator.class)
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface OneOf {

    Class<? extends Enum<?>> value();

    String message() default "must be one of the documented values";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
