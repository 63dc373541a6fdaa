package com.crm.customer.profile;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A customer's id in another system, e.g. {@code (SAP, C-10042)}; unique across customers. */
public record ExternalReference(
        @NotBlank
        @Size(max = 50)
        @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' and '-' only")
        String source,

        @NotBlank @Size(max = 100) String externalId) {}
