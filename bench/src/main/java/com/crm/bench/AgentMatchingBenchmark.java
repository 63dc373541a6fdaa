package com.crm.bench;

import com.crm.interaction.agent.fit.AgentRanker;
import com.crm.interaction.agent.fit.Candidate;
import com.crm.interaction.agent.fit.MatchCriteria;
import com.crm.interaction.agent.fit.OutcomeCounts;
import com.crm.interaction.agent.fit.RankedCandidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Offline evaluation of agent matching with interaction-service's own ranking code ({@link AgentRanker}, compiled
 * from {@code interaction-service/src/main/java/com/crm/interaction/agent/fit}): history where some agents truly do
 * better (or worse) with key customers (tiers S and A) and some sell better, learnt fit from that history (counts per
 * agent and tier, as {@code agent_outcome} keeps them), then later contacts (held out) routed by each policy under
 * the same per-day capacity, outcomes drawn with common random numbers (the same uniform draw per contact whichever
 * agent gets it, so the policies are compared on the same luck).
 *
 * <ul>
 *   <li>{@code random}: any agent with a slot left;
 *   <li>{@code skills-only}: the ranker without tier and without outcomes (hard filters, skill levels, free slots);
 *   <li>{@code learnt}: the ranker as the service runs it (tier seniority, learnt fit shrunk toward the team average,
 *       prior strength {@code --prior-strength});
 *   <li>{@code learnt-unshrunk}: the same with prior strength 0 (raw rates: new agents ranked on a handful of
 *       contacts);
 *   <li>{@code oracle}: the qualified agent with the highest true resolution probability (the ceiling).
 * </ul>
 */
final class AgentMatchingBenchmark {

    private static final String[] TIERS = {"S", "A", "B", "C"};
    private static final double[] TIER_SHARE = {0.05, 0.15, 0.30, 0.50};
    private static final String[] LANGUAGES = {"lang:zh", "lang:en"};

    private final int agents;
    private final int newAgents;
    private final int products;
    private final int historyDays;
    private final int evalDays;
    private final int contactsPerDay;
    private final int capacity;
    private final double priorStrength;
    private final long seed;

    AgentMatchingBenchmark(Map<String, String> options) {
        agents = Integer.parseInt(options.getOrDefault("agents", "40"));
        newAgents = Integer.parseInt(options.getOrDefault("new-agents", "6"));
        products = Integer.parseInt(options.getOrDefault("products", "6"));
        historyDays = Integer.parseInt(options.getOrDefault("history-days", "90"));
        evalDays = Integer.parseInt(options.getOrDefault("eval-days", "30"));
        contactsPerDay = Integer.parseInt(options.getOrDefault("contacts-per-day", "250"));
        capacity = Integer.parseInt(options.getOrDefault("capacity", "10"));
        priorStrength = Double.parseDouble(options.getOrDefault("prior-strength", "20"));
        seed = Long.parseLong(options.getOrDefault("seed", "20261125"));
    }

    /** An agent with their true (hidden) effects. */
    private record Agent(
            int index,
            String seniority,
            Map<String, Integer> skills,
            double base,
            double keyEffect,
            double sales,
            double keySales,
            int joinsOnDay) {}

    private record Contact(String tier, String product, String language, double uResolve, double uBuy) {}

    private static final class Tally {
        long contacts;
        long resolved;
        long purchases;
        double expectedResolved;
        double expectedPurchases;
        long keyContacts;
        long keyResolved;
        long unserved;
    }

    void run() {
        System.out.printf(
                "agent matching: %d agents (%d new: joined in the last 5 history days), %d products, %d history days,"
                        + " %d held-out days, %d contacts/day, capacity %d/agent/day, prior strength %s, seed %d%n",
                agents, newAgents, products, historyDays, evalDays, contactsPerDay, capacity, priorStrength, seed);
        SplittableRandom random = new SplittableRandom(seed);
        List<Agent> team = agents(random);

        // history: contacts routed at random among qualified agents with a slot (how history arises without
        // learnt routing); counts per agent and tier as agent_outcome keeps them
        Map<String, Map<Integer, OutcomeCounts>> history = new HashMap<>();
        for (String tier : TIERS) {
            history.put(tier, new HashMap<>());
        }
        for (int day = 0; day < historyDays; day++) {
            int[] load = new int[agents];
            for (Contact c : day(random)) {
                int today = day;
                List<Agent> qualified = team.stream()
                        .filter(a -> a.joinsOnDay() <= today && qualifies(a, c) && load[a.index()] < capacity)
                        .toList();
                if (qualified.isEmpty()) {
                    continue;
                }
                Agent a = qualified.get(random.nextInt(qualified.size()));
                load[a.index()]++;
                boolean resolved = c.uResolve() < resolveP(a, c);
                boolean bought = c.uBuy() < buyP(a, c);
                history.get(c.tier())
                        .merge(
                                a.index(),
                                new OutcomeCounts(1, resolved ? 1 : 0, 1, bought ? 1 : 0),
                                OutcomeCounts::plus);
            }
        }
        Map<String, OutcomeCounts> teamByTier = new HashMap<>();
        history.forEach((tier, byAgent) ->
                teamByTier.put(tier, byAgent.values().stream().reduce(OutcomeCounts.NONE, OutcomeCounts::plus)));

        // held out: the same contacts for every policy
        List<List<Contact>> days = new ArrayList<>();
        for (int d = 0; d < evalDays; d++) {
            days.add(day(random));
        }
        Map<String, Tally> results = new LinkedHashMap<>();
        for (String policy : List.of("random", "skills-only", "learnt", "learnt-unshrunk", "oracle")) {
            SplittableRandom tieBreak = new SplittableRandom(seed ^ policy.hashCode());
            AgentRanker ranker = new AgentRanker(policy.equals("learnt-unshrunk") ? 0 : priorStrength);
            Tally tally = new Tally();
            for (List<Contact> contacts : days) {
                int[] load = new int[agents];
                for (Contact c : contacts) {
                    Agent a = pick(policy, team, c, load, history, teamByTier, ranker, tieBreak);
                    if (a == null) {
                        tally.unserved++;
                        continue;
                    }
                    load[a.index()]++;
                    tally.contacts++;
                    double p = resolveP(a, c);
                    double q = buyP(a, c);
                    tally.expectedResolved += p;
                    tally.expectedPurchases += q;
                    boolean resolved = c.uResolve() < p;
                    tally.resolved += resolved ? 1 : 0;
                    tally.purchases += c.uBuy() < q ? 1 : 0;
                    if (c.tier().equals("S") || c.tier().equals("A")) {
                        tally.keyContacts++;
                        tally.keyResolved += resolved ? 1 : 0;
                    }
                }
            }
            results.put(policy, tally);
        }
        report(results);
    }

    private Agent pick(
            String policy,
            List<Agent> team,
            Contact c,
            int[] load,
            Map<String, Map<Integer, OutcomeCounts>> history,
            Map<String, OutcomeCounts> teamByTier,
            AgentRanker ranker,
            SplittableRandom tieBreak) {
        switch (policy) {
            case "random" -> {
                List<Agent> free =
                        team.stream().filter(a -> load[a.index()] < capacity).toList();
                return free.isEmpty() ? null : free.get(tieBreak.nextInt(free.size()));
            }
            case "oracle" -> {
                Agent best = null;
                for (Agent a : team) {
                    if (qualifies(a, c)
                            && load[a.index()] < capacity
                            && (best == null || resolveP(a, c) > resolveP(best, c))) {
                        best = a;
                    }
                }
                return best;
            }
            default -> {
                boolean learnt = policy.startsWith("learnt");
                List<Candidate> candidates = new ArrayList<>();
                // shuffled keys: ties between equal agents are broken at random, not by index
                int offset = tieBreak.nextInt(agents);
                for (Agent a : team) {
                    candidates.add(new Candidate(
                            String.format("%03d", (a.index() + offset) % agents),
                            a.seniority(),
                            a.skills(),
                            true,
                            null,
                            capacity,
                            load[a.index()],
                            learnt ? history.get(c.tier()).get(a.index()) : null,
                            learnt ? teamByTier.get(c.tier()) : null));
                }
                MatchCriteria criteria =
                        new MatchCriteria(List.of(c.product(), c.language()), null, true, learnt ? c.tier() : null);
                List<RankedCandidate> ranked = ranker.rank(candidates, criteria);
                if (ranked.isEmpty()) {
                    return null;
                }
                int key = Integer.parseInt(ranked.get(0).candidate().key());
                return team.get(Math.floorMod(key - offset, agents));
            }
        }
    }

    private List<Agent> agents(SplittableRandom random) {
        List<Agent> team = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            Map<String, Integer> skills = new HashMap<>();
            skills.put(LANGUAGES[0], 3 + random.nextInt(3));
            if (random.nextDouble() < 0.6) {
                skills.put(LANGUAGES[1], 2 + random.nextInt(4));
            }
            for (int p = 0; p < products; p++) {
                if (random.nextDouble() < 0.5) {
                    skills.put("product:" + p, 1 + random.nextInt(5));
                }
            }
            double roll = random.nextDouble();
            String seniority = roll < 0.15 ? "LEAD" : roll < 0.5 ? "SENIOR" : "JUNIOR";
            // true effects: a third of the agents do clearly better with key customers, a fifth clearly worse
            double keyRoll = random.nextDouble();
            double keyEffect = keyRoll < 0.33 ? 0.15 : keyRoll < 0.53 ? -0.15 : 0;
            double base = random.nextGaussian() * 0.05 + (seniority.equals("JUNIOR") ? -0.02 : 0.02);
            double sales = random.nextGaussian() * 0.03;
            double keySales = keyEffect > 0 ? 0.06 : keyEffect < 0 ? -0.04 : 0;
            int joins = i >= agents - newAgents ? historyDays - 5 : 0;
            team.add(new Agent(i, seniority, Map.copyOf(skills), base, keyEffect, sales, keySales, joins));
        }
        return team;
    }

    private List<Contact> day(SplittableRandom random) {
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < contactsPerDay; i++) {
            double roll = random.nextDouble();
            int t = 0;
            double cumulative = TIER_SHARE[0];
            while (roll > cumulative && t < TIERS.length - 1) {
                cumulative += TIER_SHARE[++t];
            }
            String language = random.nextDouble() < 0.7 ? LANGUAGES[0] : LANGUAGES[1];
            contacts.add(new Contact(
                    TIERS[t],
                    "product:" + random.nextInt(products),
                    language,
                    random.nextDouble(),
                    random.nextDouble()));
        }
        return contacts;
    }

    private static boolean qualifies(Agent a, Contact c) {
        return a.skills().containsKey(c.product()) && a.skills().containsKey(c.language());
    }

    /** True resolution probability: skill level, the agent's own level, their effect with key customers. */
    private static double resolveP(Agent a, Contact c) {
        int level = a.skills().getOrDefault(c.product(), 0);
        double p = 0.55 + 0.03 * (level - 3) + a.base();
        if (level == 0 || !a.skills().containsKey(c.language())) {
            p -= 0.25;
        }
        if (c.tier().equals("S") || c.tier().equals("A")) {
            p += a.keyEffect();
        }
        return clamp(p);
    }

    /** True purchase probability after the contact. */
    private static double buyP(Agent a, Contact c) {
        double q = 0.10 + a.sales();
        if (c.tier().equals("S") || c.tier().equals("A")) {
            q += 0.04 + a.keySales();
        }
        return clamp(q);
    }

    private static double clamp(double p) {
        return Math.max(0.02, Math.min(0.98, p));
    }

    private void report(Map<String, Tally> results) {
        Tally random = results.get("random");
        Tally skills = results.get("skills-only");
        System.out.printf(
                "%-16s %8s %9s %9s %9s %9s %10s %12s %12s %12s%n",
                "policy",
                "served",
                "resolved",
                "E[resol]",
                "purchase",
                "E[purch]",
                "key resol",
                "lift vs rnd",
                "lift vs skl",
                "purch vs skl");
        results.forEach((policy, t) -> System.out.printf(
                "%-16s %8d %8.1f%% %8.1f%% %8.1f%% %8.1f%% %9.1f%% %+11.1f%% %+11.1f%% %+11.1f%%%n",
                policy,
                t.contacts,
                pct(t.resolved, t.contacts),
                100 * t.expectedResolved / t.contacts,
                pct(t.purchases, t.contacts),
                100 * t.expectedPurchases / t.contacts,
                pct(t.keyResolved, t.keyContacts),
                lift(t, random),
                lift(t, skills),
                100 * ((double) t.purchases / t.contacts / ((double) skills.purchases / skills.contacts) - 1)));
        System.out.println("resolved/purchase: realised on the held-out days (common random numbers); E[...]: mean"
                + " true probability of the chosen agents; key resol: resolution with tier S/A customers; lift:"
                + " relative change of the realised resolution rate (purch vs skl: of the purchase rate)");
    }

    private static double pct(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private static double lift(Tally t, Tally baseline) {
        double rate = (double) t.resolved / t.contacts;
        double base = (double) baseline.resolved / baseline.contacts;
        return 100 * (rate / base - 1);
    }
}
