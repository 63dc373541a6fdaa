package com.crm.interaction.agent.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentRankerTest {

    private static final OutcomeCounts TEAM = new OutcomeCounts(1000, 600, 1000, 100); // 60% resolved, 10% purchase
    private final AgentRanker ranker = new AgentRanker(20);

    private static Candidate agent(String key, String seniority, Map<String, Integer> skills, OutcomeCounts own) {
        return new Candidate(key, seniority, skills, true, true, 5, 0, own, TEAM);
    }

    private static MatchCriteria criteria(String tier, String... skills) {
        return new MatchCriteria(List.of(skills), null, true, tier);
    }

    private static List<String> keys(List<RankedCandidate> ranked) {
        return ranked.stream().map(r -> r.candidate().key()).toList();
    }

    @Test
    void shrinksTowardThePriorMoreTheFewerTheContacts() {
        assertThat(Shrinkage.shrunk(2, 2, 0.6, 20)).isCloseTo((2 + 12) / 22.0, within(1e-9));
        assertThat(Shrinkage.shrunk(0, 0, 0.6, 20)).isEqualTo(0.6);
        assertThat(Shrinkage.shrunk(900, 1000, 0.6, 20)).isCloseTo(0.894, within(0.001));
        assertThat(Shrinkage.shrunk(3, 4, 0.5, 0)).isEqualTo(0.75);
        assertThatThrownBy(() -> Shrinkage.shrunk(3, 2, 0.5, 20)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNewAgentWithTwoPerfectContactsIsNotRankedAboveAnAgentWithASolidRecord() {
        Candidate rookie = agent("rookie", "SENIOR", Map.of(), new OutcomeCounts(2, 2, 2, 2));
        Candidate solid = agent("solid", "SENIOR", Map.of(), new OutcomeCounts(200, 160, 200, 30));
        List<RankedCandidate> ranked = ranker.rank(List.of(rookie, solid), criteria("B"));
        assertThat(keys(ranked)).containsExactly("solid", "rookie");
        // without shrinkage (prior strength 0) the two lucky contacts would win: the point of the prior
        assertThat(keys(new AgentRanker(0).rank(List.of(rookie, solid), criteria("B"))))
                .containsExactly("rookie", "solid");
    }

    @Test
    void aNewAgentScoresNearTheTeamAverageAndAWeakRecordBelowIt() {
        Candidate fresh = agent("fresh", "SENIOR", Map.of(), OutcomeCounts.NONE);
        Candidate weak = agent("weak", "SENIOR", Map.of(), new OutcomeCounts(200, 60, 200, 5));
        List<RankedCandidate> ranked = ranker.rank(List.of(weak, fresh), criteria("B"));
        assertThat(keys(ranked)).containsExactly("fresh", "weak");
        RankedCandidate freshRanked = ranked.get(0);
        assertThat(freshRanked.reasons())
                .filteredOn(r -> r.code().startsWith("learnt-"))
                .extracting(Reason::contribution)
                .containsOnly(0.0);
        assertThat(ranked.get(1).reasons())
                .filteredOn(r -> r.code().equals("learnt-resolution"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.contribution()).isNegative();
                    assertThat(r.detail()).contains("resolved 60/200 with tier B customers");
                });
    }

    @Test
    void hardFiltersLeaveOutAgentsWithoutASkillWithoutCapacityOrSwitchedOff() {
        Candidate speaksZh = agent("zh", "JUNIOR", Map.of("lang:zh", 3), OutcomeCounts.NONE);
        Candidate noZh = agent("en", "LEAD", Map.of("lang:en", 5), new OutcomeCounts(500, 500, 500, 500));
        Candidate full = new Candidate("full", "LEAD", Map.of("lang:zh", 5), true, true, 2, 2, null, TEAM);
        Candidate off = new Candidate("off", "LEAD", Map.of("lang:zh", 5), false, true, 5, 0, null, TEAM);
        MatchCriteria zh = criteria("S", "lang:zh");
        assertThat(keys(ranker.rank(List.of(noZh, full, off, speaksZh), zh))).containsExactly("zh");
        assertThat(ranker.exclusion(noZh, zh)).contains("missing-skill");
        assertThat(ranker.exclusion(full, zh)).contains("no-capacity");
        assertThat(ranker.exclusion(off, zh)).contains("unavailable");
        // without a channel asked, capacity does not filter
        assertThat(ranker.exclusion(full, new MatchCriteria(List.of("LANG:ZH"), null, false, "S")))
                .isEmpty();
    }

    @Test
    void keyCustomersGoToSeniorAgentsAndSkillLevelsCount() {
        Candidate junior = agent("junior", "JUNIOR", Map.of("complaints", 5), OutcomeCounts.NONE);
        Candidate senior = agent("senior", "SENIOR", Map.of("complaints", 2), OutcomeCounts.NONE);
        assertThat(keys(ranker.rank(List.of(junior, senior), criteria("A", "complaints"))))
                .containsExactly("senior", "junior");
        // for a tier C customer seniority is no factor: the better skill level wins
        List<RankedCandidate> tierC = ranker.rank(List.of(junior, senior), criteria("C", "complaints"));
        assertThat(keys(tierC)).containsExactly("junior", "senior");
        assertThat(tierC.get(0).reasons())
                .extracting(Reason::code)
                .contains("skill-level", "within-working-hours", "capacity-left")
                .doesNotContain("senior-for-key-customer", "junior-for-key-customer");
        assertThat(tierC.get(0).score())
                .isCloseTo(
                        tierC.get(0).reasons().stream()
                                .mapToDouble(Reason::contribution)
                                .sum(),
                        within(0.05));
    }

    @Test
    void workingNowAndFreeCapacityBreakOtherwiseEqualAgents() {
        Candidate off = new Candidate("away", "SENIOR", Map.of(), true, false, 5, 0, null, TEAM);
        Candidate busy = new Candidate("busy", "SENIOR", Map.of(), true, true, 5, 4, null, TEAM);
        Candidate free = new Candidate("free", "SENIOR", Map.of(), true, true, 5, 0, null, TEAM);
        assertThat(keys(ranker.rank(List.of(off, busy, free), criteria(null)))).containsExactly("free", "busy", "away");
    }
}
