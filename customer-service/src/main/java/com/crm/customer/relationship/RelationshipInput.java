package com.crm.customer.relationship;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** A link from the customer in the path to {@code toCustomerId}. */
record RelationshipInput(
        @NotNull UUID toCustomerId,
        @NotBlank @Size(max = 50) String type,
        @Size(max = 100) String role,
        Boolean primaryContact) {}
