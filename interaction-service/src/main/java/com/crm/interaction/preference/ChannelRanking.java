package com.crm.interaction.preference;

import java.util.Comparator;
import java.util.List;

/** Ranks channels by use: contacts the customer starts and company contacts that reach them; no Spring. */
final class ChannelRanking {

    private ChannelRanking() {}

    /** Channels with any signal, best first: score, then reach rate, then the channel's order. */
    static List<ChannelStats> rank(List<ChannelStats> stats) {
        return stats.stream()
                .filter(s -> s.score() > 0)
                .sorted(Comparator.comparingInt(ChannelStats::score)
                        .reversed()
                        .thenComparing(Comparator.comparingDouble(ChannelStats::reachRate)
                                .reversed())
                        .thenComparing(s -> s.channel().ordinal()))
                .toList();
    }
}
