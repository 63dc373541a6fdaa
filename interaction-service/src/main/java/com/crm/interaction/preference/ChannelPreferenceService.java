package com.crm.interaction.preference;

import com.crm.contracts.events.interaction.ChannelPreferenceChanged;
import com.crm.interaction.customer.CustomerErasedLocally;
import com.crm.interaction.customer.CustomersMerged;
import com.crm.interaction.timeline.Channel;
import com.crm.interaction.timeline.Direction;
import com.crm.interaction.timeline.InteractionService;
import com.crm.interaction.timeline.Outcome;
import com.crm.support.outbox.EventOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works out each customer's preferred channel from their last year of interactions, after every recorded one, and
 * publishes {@code crm.interaction.channel-preference-changed} in the same transaction when the preferred channel
 * changes.
 */
@Service
public class ChannelPreferenceService {

    static final Duration HISTORY = Duration.ofDays(365);

    private final JdbcClient jdbc;
    private final EventOutbox outbox;
    private final JsonMapper json;
    private final Clock clock;

    ChannelPreferenceService(JdbcClient jdbc, EventOutbox outbox, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** Worked out from the history now (what the next refresh would store). */
    @Transactional(readOnly = true)
    public ChannelPreferenceView current(UUID customerId) {
        List<ChannelStats> ranking = ChannelRanking.rank(stats(customerId));
        return new ChannelPreferenceView(customerId, ranking.isEmpty() ? null : ranking.getFirst().channel(), ranking,
                now());
    }

    /** Runs in the transaction that recorded the interaction. */
    @EventListener
    void interactionStored(InteractionService.InteractionStored stored) {
        refresh(stored.customerId());
    }

    @EventListener
    void merged(CustomersMerged merged) {
        if (!merged.mergedIds().isEmpty()) {
            jdbc.sql("delete from channel_preference where customer_id in (:ids)").param("ids", merged.mergedIds())
                    .update();
        }
        refresh(merged.survivor());
    }

    @EventListener
    void erased(CustomerErasedLocally erased) {
        jdbc.sql("delete from channel_preference where customer_id = :id").param("id", erased.customerId()).update();
    }

    private void refresh(UUID customerId) {
        ChannelPreferenceView now = current(customerId);
        String previous = jdbc.sql("select preferred_channel from channel_preference where customer_id = :id for update")
                .param("id", customerId).query(String.class).optional().orElse(null);
        String preferred = now.preferredChannel() == null ? null : now.preferredChannel().name();
        jdbc.sql("""
                        insert into channel_preference (customer_id, preferred_channel, ranking, computed_at)
                        values (:id, :preferred, cast(:ranking as jsonb), :at)
                        on conflict (customer_id) do update set preferred_channel = excluded.preferred_channel,
                          ranking = excluded.ranking, computed_at = excluded.computed_at""")
                .param("id", customerId)
                .param("preferred", preferred)
                .param("ranking", json.writeValueAsString(now.ranking()))
                .param("at", now.computedAt().atOffset(ZoneOffset.UTC))
                .update();
        if (!Objects.equals(previous, preferred)) {
            outbox.append(new ChannelPreferenceChanged(customerId, preferred, previous,
                    now.ranking().stream().map(s -> s.channel().name()).toList(), now.computedAt()));
        }
    }

    private List<ChannelStats> stats(UUID customerId) {
        Map<Channel, int[]> counts = new EnumMap<>(Channel.class); // inbound, outbound, reached
        jdbc.sql("""
                        select channel, direction, outcome, count(*) as n from interaction
                        where customer_id = :id and occurred_at > :since
                        group by channel, direction, outcome""")
                .param("id", customerId)
                .param("since", now().minus(HISTORY).atOffset(ZoneOffset.UTC))
                .query(rs -> {
                    int[] c = counts.computeIfAbsent(Channel.valueOf(rs.getString("channel")), k -> new int[3]);
                    int n = rs.getInt("n");
                    if (Direction.valueOf(rs.getString("direction")) == Direction.INBOUND) {
                        c[0] += n;
                    } else {
                        c[1] += n;
                        String outcome = rs.getString("outcome");
                        if (outcome != null && Outcome.valueOf(outcome).reached()) {
                            c[2] += n;
                        }
                    }
                });
        return counts.entrySet().stream()
                .map(e -> ChannelStats.of(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
                .toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
