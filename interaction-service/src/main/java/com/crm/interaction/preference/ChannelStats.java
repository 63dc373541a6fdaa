package com.crm.interaction.preference;

import com.crm.interaction.contact.Channel;

/**
 * How a customer used a channel: contacts they started ({@code inbound}), the company's contacts ({@code outbound})
 * and how many of those reached them; {@code score} = inbound + reached, the basis of the ranking.
 */
public record ChannelStats(Channel channel, int inbound, int outbound, int reached, double reachRate, int score) {

    static ChannelStats of(Channel channel, int inbound, int outbound, int reached) {
        double rate = outbound == 0 ? 0.0 : Math.round(1000.0 * reached / outbound) / 1000.0;
        return new ChannelStats(channel, inbound, outbound, reached, rate, inbound + reached);
    }
}
