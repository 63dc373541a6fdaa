package com.crm.interaction.agent.fit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Ranks agents for one customer, Omni-Channel style: hard filters first (the agent's switch, every required skill,
 * capacity left on the asked channel), then a score that adds up readable reasons:
 *
 * <ul>
 *   <li>{@code skill-level}: per required skill, up to {@value #SKILL_POINTS} points for level 5 (0 for level 1);
 *   <li>{@code topic-skill}: {@value #TOPIC_POINTS_PER_LEVEL} points per level of a skill named like the topic;
 *   <li>{@code within-working-hours} / {@code no-working-hours} ({@value #HOURS_POINTS}), {@code
 *       outside-working-hours} (0);
 *   <li>{@code capacity-left}: up to {@value #CAPACITY_POINTS} points for an agent with every slot free;
 *   <li>{@code senior-for-key-customer} (+{@value #SENIORITY_POINTS}) / {@code junior-for-key-customer}
 *       (-{@value #SENIORITY_POINTS}) for tier S and A customers;
 *   <li>{@code learnt-resolution} and {@code learnt-purchase}: 100 points per unit of rate by which the agent's
 *       resolution (purchase) rate with customers of the tier, shrunk toward the team's ({@link Shrinkage}), beats
 *       the team's; negative when it falls short.
 * </ul>
 *
 * Ties go to the agent with fewer open assignments, then by key. Pure Java, no Spring: the offline benchmark runs
 * this very class.
 */
public final class AgentRanker {

    public static final double SKILL_POINTS = 10;
    public static final double TOPIC_POINTS_PER_LEVEL = 2;
    public static final double HOURS_POINTS = 10;
    public static final double CAPACITY_POINTS = 5;
    public static final double SENIORITY_POINTS = 15;
    public static final double LEARNT_POINTS = 100;

    /** Default prior strength: the team's average counts as this many contacts. */
    public static final double DEFAULT_PRIOR_STRENGTH = 20;

    private final double priorStrength;

    public AgentRanker(double priorStrength) {
        if (!(priorStrength >= 0)) {
            throw new IllegalArgumentException("prior strength must be >= 0");
        }
        this.priorStrength = priorStrength;
    }

    public AgentRanker() {
        this(DEFAULT_PRIOR_STRENGTH);
    }

    public double priorStrength() {
        return priorStrength;
    }

    /** Why a candidate cannot take this customer at all ({@code unavailable}, {@code missing-skill}, {@code no-capacity}). */
    public Optional<String> exclusion(Candidate c, MatchCriteria criteria) {
        if (!c.available()) {
            return Optional.of("unavailable");
        }
        for (String skill : criteria.requiredSkills()) {
            if (!c.skills().containsKey(norm(skill))) {
                return Optional.of("missing-skill");
            }
        }
        if (criteria.channelAsked() && c.open() >= c.capacity()) {
            return Optional.of("no-capacity");
        }
        return Optional.empty();
    }

    /** Candidates passing the hard filters, best first. */
    public List<RankedCandidate> rank(List<Candidate> candidates, MatchCriteria criteria) {
        List<RankedCandidate> ranked = new ArrayList<>();
        for (Candidate c : candidates) {
            if (exclusion(c, criteria).isEmpty()) {
                ranked.add(score(c, criteria));
            }
        }
        ranked.sort(Comparator.comparingDouble(RankedCandidate::score)
                .reversed()
                .thenComparingInt(r -> r.candidate().open())
                .thenComparing(r -> r.candidate().key()));
        return ranked;
    }

    /** The score of a candidate assumed to pass the hard filters. */
    public RankedCandidate score(Candidate c, MatchCriteria criteria) {
        List<Reason> reasons = new ArrayList<>();
        for (String skill : criteria.requiredSkills()) {
            int level = c.skills().getOrDefault(norm(skill), 1);
            reasons.add(
                    new Reason("skill-level", norm(skill) + " at level " + level, SKILL_POINTS * (level - 1) / 4.0));
        }
        if (criteria.topic() != null && !criteria.topic().isBlank()) {
            Integer level = c.skills().get(norm(criteria.topic()));
            if (level != null) {
                reasons.add(new Reason(
                        "topic-skill",
                        "topic " + norm(criteria.topic()) + " at level " + level,
                        TOPIC_POINTS_PER_LEVEL * level));
            }
        }
        if (c.withinHours() == null) {
            reasons.add(new Reason("no-working-hours", "no schedule: counted as working", HOURS_POINTS));
        } else if (c.withinHours()) {
            reasons.add(new Reason("within-working-hours", "working now in their time zone", HOURS_POINTS));
        } else {
            reasons.add(new Reason("outside-working-hours", "not working now in their time zone", 0));
        }
        if (criteria.channelAsked() && c.capacity() > 0) {
            int left = c.capacity() - c.open();
            reasons.add(new Reason(
                    "capacity-left",
                    left + " of " + c.capacity() + " slots free",
                    CAPACITY_POINTS * left / c.capacity()));
        }
        if (criteria.keyCustomer()) {
            boolean senior = "SENIOR".equals(c.seniority()) || "LEAD".equals(c.seniority());
            reasons.add(
                    senior
                            ? new Reason(
                                    "senior-for-key-customer",
                                    c.seniority() + " agent for a tier " + criteria.customerTier() + " customer",
                                    SENIORITY_POINTS)
                            : new Reason(
                                    "junior-for-key-customer",
                                    c.seniority() + " agent for a tier " + criteria.customerTier() + " customer",
                                    -SENIORITY_POINTS));
        }
        String tier = criteria.customerTier() == null ? "untiered" : "tier " + criteria.customerTier();
        learnt(
                        "learnt-resolution",
                        "resolved",
                        c.own().resolved(),
                        c.own().serviceContacts(),
                        c.team().resolutionRate(),
                        tier)
                .ifPresent(reasons::add);
        learnt(
                        "learnt-purchase",
                        "purchase",
                        c.own().purchases(),
                        c.own().contacts(),
                        c.team().purchaseRate(),
                        tier)
                .ifPresent(reasons::add);
        double score = reasons.stream().mapToDouble(Reason::contribution).sum();
        return new RankedCandidate(
                c,
                round(score),
                reasons.stream()
                        .map(r -> new Reason(r.code(), r.detail(), round(r.contribution())))
                        .toList());
    }

    /** The learnt fit on one rate: nothing when the team has no record with the tier (nothing to compare with). */
    private Optional<Reason> learnt(
            String code, String what, long successes, long trials, double teamRate, String tier) {
        if (Double.isNaN(teamRate)) {
            return Optional.empty();
        }
        double shrunk = Shrinkage.shrunk(successes, trials, teamRate, priorStrength);
        String detail = String.format(
                Locale.ROOT,
                "%s %d/%d with %s customers, team %.0f%%, shrunk %.0f%%",
                what,
                successes,
                trials,
                tier,
                100 * teamRate,
                100 * shrunk);
        return Optional.of(new Reason(code, detail, LEARNT_POINTS * (shrunk - teamRate)));
    }

    private static String norm(String skill) {
        return skill.strip().toLowerCase(Locale.ROOT);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
