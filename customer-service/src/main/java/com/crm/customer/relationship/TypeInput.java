package com.crm.customer.relationship;

import com.crm.customer.profile.CustomerType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A relationship type an admin defines; the ends may be restricted to persons or organisations. */
record TypeInput(
        @NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{1,49}", message = "UPPER_SNAKE_CASE, 2 to 50 characters")
        String code,

        @NotBlank @Size(max = 100) String name,
        CustomerType fromType,
        CustomerType toType) {}
