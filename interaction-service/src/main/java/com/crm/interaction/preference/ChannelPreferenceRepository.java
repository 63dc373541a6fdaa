package com.crm.interaction.preference;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.timeline.Direction;
import com.crm.interaction.timeline.Outcome;
import com.crm.support.json.StoredJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Each customer's stored channel preference, and the interaction counts it is worked out from. */
@Repository
class ChannelPreferenceRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ChannelPreferenceRepository(JdbcClient jdbc, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.json = storedJson.mapper();
    }

    /** The stored preferred channel, row-locked until the transaction ends (refreshes of one customer queue). */
    Optional<String> preferredForUpdate(UUID customerId) {
        return jdbc.sql("select preferred_channel from channel_preference where customer_id = :id for update")
                .param("id", customerId)
                .query(String.class)
                .optional();
    }

    void save(ChannelPreferenceView preference) {
        jdbc.sql("""
                        insert into channel_preference (customer_id, preferred_channel, ranking, computed_at)
                        values (:id, :preferred, cast(:ranking as jsonb), :at)
                        on conflict (customer_id) do update set preferred_channel = excluded.preferred_channel,
                          ranking = excluded.ranking, computed_at = excluded.computed_at""")
                .param("id", preference.customerId())
                .param(
                        "preferred",
                        preference.preferredChannel() == null
                                ? null
                                : preference.preferredChannel().name())
                .param("ranking", json.writeValueAsString(preference.ranking()))
                .param("at", preference.computedAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    void delete(Collection<UUID> customerIds) {
        if (!customerIds.isEmpty()) {
            jdbc.sql("delete from channel_preference where customer_id in (:ids)")
                    .param("ids", customerIds)
                    .update();
        }
    }

    /** Per channel: inbound, outbound and reached (outbound with a reaching outcome) interactions since {@code since}. */
    List<ChannelStats> stats(UUID customerId, Instant since) {
        Map<Channel, int[]> counts = new EnumMap<>(Channel.class); // inbound, outbound, reached
        jdbc.sql("""
                        select channel, direction, outcome, count(*) as n from interaction
                        where customer_id = :id and occurred_at > :since
                        group by channel, direction, outcome""")
                .param("id", customerId)
                .param("since", since.atOffset(ZoneOffset.UTC))
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
}
