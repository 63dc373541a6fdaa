package com.crm.interaction.plan;

import com.crm.support.access.SqlCondition;
import com.crm.support.paging.KeysetCursor;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A customer's earliest due contact over all active plans, worked out like {@code /api/due-contacts} (plans only:
 * agents' assignments are not part of the customer's contact state).
 */
@Component
public class NextDueContact {

    /** Far enough ahead to see any plan's next contact, within what PostgreSQL's timestamptz holds. */
    private static final Instant HORIZON = Instant.parse("9999-12-31T00:00:00Z");

    private final CommunicationPlanRepository plans;
    private final Clock clock;

    NextDueContact(CommunicationPlanRepository plans, Clock clock) {
        this.plans = plans;
        this.clock = clock;
    }

    /** Empty when no active plan includes the customer (or they are not contactable). Call in a transaction. */
    public Optional<DueContact> of(UUID customerId) {
        if (!plans.anyActivePlanFor(customerId)) {
            return Optional.empty();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return plans
                .due(HORIZON, now, null, customerId, null, (KeysetCursor) null, 1, SqlCondition.TRUE, false)
                .stream()
                .map(CommunicationPlanRepository.Row::contact)
                .findFirst();
    }
}
