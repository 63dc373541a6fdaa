package com.crm.feedback.invitation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Asks interaction-service whether a contact is allowed now. */
public interface ContactCheck {

    Decision check(UUID customerId, String channel);

    /** {@code available} false: interaction-service could not answer (down, slow, circuit open). */
    record Decision(boolean available, boolean allowed, Instant earliestAllowedAt, List<String> reasons) {
        static Decision unavailable(String why) {
            return new Decision(false, false, null, List.of(why));
        }
    }
}
