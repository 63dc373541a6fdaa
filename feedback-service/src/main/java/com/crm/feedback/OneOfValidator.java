package com.crm.feedback;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Arrays;
import java.util.List;

/** Checks {@link OneOf}: the value is one of the enum's constant names, case-sensitive as the API documents them. */
public class OneOfValidator implements ConstraintValidator<OneOf, String> {

    private List<String> names;

    @Override
    public void initialize(OneOf constraint) {
        names = Arrays.stream(constraint.value().getEnumConstants())
                .map(Enum::name)
                .toList();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null || names.contains(value)) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate("must be one of " + String.join(", ", names))
                .addConstraintViolation();
        return false;
    }
}
