package com.crm.interaction.preference;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.interaction.contact.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelRankingTest {

    @Test
    void ranksByContactsTheCustomerStartsAndCallsThatReachThemThenByReachRate() {
        var ranking = ChannelRanking.rank(List.of(
                ChannelStats.of(Channel.PHONE, 0, 5, 1), // score 1, reach 0.2
                ChannelStats.of(Channel.WECHAT, 3, 0, 0), // score 3
                ChannelStats.of(Channel.EMAIL, 1, 2, 2), // score 3, reach 1.0
                ChannelStats.of(Channel.SMS, 0, 4, 0))); // never reached: no signal
        assertThat(ranking)
                .extracting(ChannelStats::channel)
                .containsExactly(Channel.EMAIL, Channel.WECHAT, Channel.PHONE);
        assertThat(ranking.getLast().reachRate()).isEqualTo(0.2);
    }
}
