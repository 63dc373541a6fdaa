package com.crm.interaction.check;

import com.crm.interaction.policy.ContactPolicy;
import java.time.Instant;

/**
 * One limited policy ({@code maxContacts} per rolling {@code window}) as it stands for a customer: {@code used}
 * contacts in the window, {@code remaining} before it refuses, and {@code nextAllowedAt} (null while one is left)
 * when the next contact becomes allowed by this policy.
 */
public record WindowUsage(ContactPolicy policy, int used, int remaining, Instant nextAllowedAt) {}
