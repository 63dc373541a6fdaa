package com.crm.interaction.agent;

import com.crm.interaction.agent.fit.AgentRanker;
import com.crm.interaction.agent.fit.Candidate;
import com.crm.interaction.agent.fit.MatchCriteria;
import com.crm.interaction.agent.fit.OutcomeCounts;
import com.crm.interaction.agent.fit.RankedCandidate;
import com.crm.interaction.customer.CustomerAccess;
import com.crm.interaction.customer.CustomerProjection;
import com.crm.interaction.customer.CustomerProjectionRepository;
import com.crm.support.problem.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The right agent for a customer: loads the agents, their open assignments on the channel and their outcomes with
 * customers of the customer's tier (from {@code agent_outcome}, a few rows), and lets {@link AgentRanker} decide.
 */
@Service
class AgentMatchService {

    private static final int DEFAULT_LIMIT = 5;

    private final AgentRepository agents;
    private final AssignmentRepository assignments;
    private final AgentOutcomeRepository outcomes;
    private final CustomerProjectionRepository customers;
    private final CustomerAccess access;
    private final AgentRanker ranker;
    private final Clock clock;

    AgentMatchService(
            AgentRepository agents,
            AssignmentRepository assignments,
            AgentOutcomeRepository outcomes,
            CustomerProjectionRepository customers,
            CustomerAccess access,
            AgentProperties properties,
            Clock clock) {
        this.agents = agents;
        this.assignments = assignments;
        this.outcomes = outcomes;
        this.customers = customers;
        this.access = access;
        this.ranker = new AgentRanker(properties.priorStrength());
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    MatchView match(MatchInput in) {
        access.refuseHidden(in.customerId());
        Optional<CustomerProjection> customer = customers.find(in.customerId());
        if (customer.isPresent() && !"ACTIVE".equals(customer.get().status())) {
            throw ApiException.notFound("Customer", in.customerId());
        }
        String tier = customer.map(CustomerProjection::tier).orElse(null);
        Set<String> required = new LinkedHashSet<>();
        if (in.requiredSkills() != null) {
            in.requiredSkills().forEach(s -> required.add(s.strip().toLowerCase(Locale.ROOT)));
        }
        if (in.language() != null && !in.language().isBlank()) {
            String language = in.language().strip().toLowerCase(Locale.ROOT);
            required.add(language.startsWith("lang:") ? language : "lang:" + language);
        }
        MatchCriteria criteria = new MatchCriteria(List.copyOf(required), in.topic(), in.channel() != null, tier);

        List<AgentView> all = agents.all();
        Map<UUID, Integer> open = in.channel() == null ? Map.of() : assignments.openOn(in.channel());
        Map<String, OutcomeCounts> byAgent = outcomes.forTier(tier == null ? "-" : tier);
        Map<String, OutcomeCounts> byTeam = new HashMap<>();
        for (AgentView agent : all) {
            OutcomeCounts own = byAgent.get(agent.userId());
            if (own != null) {
                byTeam.merge(teamKey(agent), own, OutcomeCounts::plus);
            }
        }
        OutcomeCounts everyone = byAgent.values().stream().reduce(OutcomeCounts.NONE, OutcomeCounts::plus);

        Instant now = clock.instant();
        Map<String, AgentView> byKey =
                all.stream().collect(Collectors.toMap(a -> a.id().toString(), Function.identity()));
        List<Candidate> candidates = new ArrayList<>();
        for (AgentView agent : all) {
            Integer capacity = in.channel() == null ? null : agent.capacity().getOrDefault(in.channel(), 0);
            candidates.add(new Candidate(
                    agent.id().toString(),
                    agent.seniority().name(),
                    agent.skills().stream().collect(Collectors.toMap(SkillLevel::skill, SkillLevel::level, Math::max)),
                    agent.available(),
                    agent.workingHours() == null ? null : agent.workingHours().within(now),
                    capacity == null ? -1 : capacity,
                    open.getOrDefault(agent.id(), 0),
                    byAgent.get(agent.userId()),
                    prior(byTeam.getOrDefault(teamKey(agent), OutcomeCounts.NONE), everyone)));
        }
        Map<String, Integer> excluded = new TreeMap<>();
        for (Candidate c : candidates) {
            ranker.exclusion(c, criteria).ifPresent(reason -> excluded.merge(reason, 1, Integer::sum));
        }
        int limit = in.limit() == null ? DEFAULT_LIMIT : in.limit();
        List<MatchView.Match> items = ranker.rank(candidates, criteria).stream()
                .limit(limit)
                .map(r -> view(byKey.get(r.candidate().key()), r, in.channel() != null))
                .toList();
        return new MatchView(in.customerId(), tier, items, new LinkedHashMap<>(excluded), ranker.priorStrength());
    }

    /** The team's record per rate; the whole floor's where the team has none with this tier. */
    private static OutcomeCounts prior(OutcomeCounts team, OutcomeCounts everyone) {
        OutcomeCounts service = team.serviceContacts() > 0 ? team : everyone;
        OutcomeCounts sales = team.contacts() > 0 ? team : everyone;
        return new OutcomeCounts(service.serviceContacts(), service.resolved(), sales.contacts(), sales.purchases());
    }

    private static String teamKey(AgentView agent) {
        return agent.team() == null ? "" : agent.team();
    }

    private static MatchView.Match view(AgentView agent, RankedCandidate r, boolean channelAsked) {
        return new MatchView.Match(
                agent.id(),
                agent.userId(),
                agent.displayName(),
                agent.team(),
                agent.seniority(),
                r.score(),
                channelAsked ? r.candidate().open() : null,
                channelAsked ? r.candidate().capacity() : null,
                r.reasons());
    }
}
