package com.crm.interaction.check;

import java.time.Instant;
import java.util.UUID;

/**
 * One reason a contact is refused.
 *
 * @param rule        {@code consent}, {@code customer-status}, {@code max-contacts}, {@code min-gap} or {@code quiet-hours}
 * @param policyId    the policy that refuses (null for the customer's status)
 * @param allowedFrom when this reason stops applying; null when time alone does not lift it (e.g. no consent)
 */
public record ContactReason(String rule, UUID policyId, String policy, String message, Instant allowedFrom) {}
