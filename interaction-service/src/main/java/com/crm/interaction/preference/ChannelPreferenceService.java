package com.crm.interaction.preference;

import com.crm.contracts.events.interaction.ChannelPreferenceChanged;
import com.crm.interaction.customer.CustomerAccess;
import com.crm.interaction.customer.CustomerErasedLocally;
import com.crm.interaction.customer.CustomersMerged;
import com.crm.interaction.timeline.InteractionService;
import com.crm.support.outbox.EventOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Works out each customer's preferred channel from their last year of interactions, after every recorded one, and
 * publishes {@code crm.interaction.channel-preference-changed} in the same transaction when the preferred channel
 * changes.
 */
@Service
public class ChannelPreferenceService {

    static final Duration HISTORY = Duration.ofDays(365);

    private final ChannelPreferenceRepository preferences;
    private final EventOutbox outbox;
    private final Clock clock;
    private final CustomerAccess access;

    ChannelPreferenceService(
            ChannelPreferenceRepository preferences, EventOutbox outbox, Clock clock, CustomerAccess access) {
        this.access = access;
        this.preferences = preferences;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The caller's answer, worked out from the history now; a customer outside their visibility is a 404. */
    @Transactional(readOnly = true)
    public ChannelPreferenceView forCaller(UUID customerId) {
        access.refuseHidden(customerId);
        return current(customerId);
    }

    /** Worked out from the history now (what the next refresh would store). */
    @Transactional(readOnly = true)
    public ChannelPreferenceView current(UUID customerId) {
        List<ChannelStats> ranking = ChannelRanking.rank(preferences.stats(customerId, now().minus(HISTORY)));
        return new ChannelPreferenceView(
                customerId, ranking.isEmpty() ? null : ranking.getFirst().channel(), ranking, now());
    }

    /** Runs in the transaction that recorded the interaction. */
    @EventListener
    void interactionStored(InteractionService.InteractionStored stored) {
        refresh(stored.customerId());
    }

    @EventListener
    void merged(CustomersMerged merged) {
        preferences.delete(merged.mergedIds());
        refresh(merged.survivor());
    }

    @EventListener
    void erased(CustomerErasedLocally erased) {
        preferences.delete(List.of(erased.customerId()));
    }

    private void refresh(UUID customerId) {
        ChannelPreferenceView now = current(customerId);
        String previous = preferences.preferredForUpdate(customerId).orElse(null);
        String preferred =
                now.preferredChannel() == null ? null : now.preferredChannel().name();
        preferences.save(now);
        if (!Objects.equals(previous, preferred)) {
            outbox.append(new ChannelPreferenceChanged(
                    customerId,
                    preferred,
                    previous,
                    now.ranking().stream().map(s -> s.channel().name()).toList(),
                    now.computedAt()));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
