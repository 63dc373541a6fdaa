package com.crm.segmentation.prospect;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Need and ability of one prospect, and the quadrant: 1 need and ability, 2 ability without expressed need, 3 need
 * without ability, 4 neither. Pure rules, every point explained by a reason.
 */
public final class ProspectScoring {

    /** Recent signals of a prospect (counts in the signal window). */
    public record Signals(int purchaseIntents, int inquiries, int interestedAnswers) {}

    /** What the ability rules may test. */
    public record Profile(
            String type,
            String industry,
            String region,
            String company,
            String jobTitle,
            String ownerId,
            List<String> tags) {}

    public record Result(int priority, double need, double ability, List<String> reasons) {}

    private final ProspectProperties properties;

    public ProspectScoring(ProspectProperties properties) {
        this.properties = properties;
    }

    public Result score(Signals s, Profile p) {
        List<String> reasons = new ArrayList<>();
        ProspectProperties.Need n = properties.need();
        double need = 0;
        if (s.purchaseIntents() > 0) {
            need += n.purchaseIntentWeight();
            reasons.add("need: %d purchase-intent interaction(s) (+%s)"
                    .formatted(s.purchaseIntents(), fmt(n.purchaseIntentWeight())));
        }
        if (s.inquiries() > 0) {
            need += n.inquiryWeight();
            reasons.add("need: %d inquiry(ies) (+%s)".formatted(s.inquiries(), fmt(n.inquiryWeight())));
        }
        if (s.interestedAnswers() > 0) {
            need += n.interestedAnswerWeight();
            reasons.add("need: %d survey answer(s) showing interest (+%s)"
                    .formatted(s.interestedAnswers(), fmt(n.interestedAnswerWeight())));
        }
        double ability = 0;
        for (ProspectProperties.AbilityRule rule : properties.ability().rules()) {
            Optional<String> matched = match(rule, p);
            if (matched.isPresent()) {
                ability += rule.weight();
                reasons.add("ability: %s %s (+%s)".formatted(rule.label(), matched.get(), fmt(rule.weight())));
            }
        }
        need = Math.min(1, need);
        ability = Math.min(1, ability);
        boolean highNeed = need >= n.threshold() && need > 0;
        boolean highAbility = ability >= properties.ability().threshold() && ability > 0;
        int priority = highNeed && highAbility ? 1 : highAbility ? 2 : highNeed ? 3 : 4;
        if (reasons.isEmpty()) {
            reasons.add("no need signal and no ability attribute");
        }
        return new Result(priority, need, ability, List.copyOf(reasons));
    }

    /** The matched value as a reason fragment, empty when the rule does not apply. */
    static Optional<String> match(ProspectProperties.AbilityRule rule, Profile p) {
        String attribute = rule.attribute() == null ? "" : rule.attribute();
        List<String> candidates = switch (attribute) {
            case "type" -> single(p.type());
            case "industry" -> single(p.industry());
            case "region" -> single(p.region());
            case "company" -> single(p.company());
            case "jobTitle" -> single(p.jobTitle());
            case "ownerId" -> single(p.ownerId());
            case "tags" -> p.tags() == null ? List.of() : p.tags();
            default -> attribute.startsWith("tag.") ? tagValues(p.tags(), attribute.substring(4)) : List.of();
        };
        for (String value : candidates) {
            if (!rule.values().isEmpty() && rule.values().stream().anyMatch(v -> v.equalsIgnoreCase(value.trim()))) {
                return Optional.of("= " + value.trim());
            }
            if (rule.min() != null) {
                BigDecimal number = number(value);
                if (number != null && number.compareTo(BigDecimal.valueOf(rule.min())) >= 0) {
                    return Optional.of(number.toPlainString() + " ≥ " + fmt(rule.min()));
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> single(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value);
    }

    private static List<String> tagValues(List<String> tags, String key) {
        if (tags == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (String tag : tags) {
            for (String sep : List.of(":", "=")) {
                if (tag.regionMatches(true, 0, key + sep, 0, key.length() + 1)) {
                    values.add(tag.substring(key.length() + 1));
                }
            }
        }
        return values;
    }

    private static BigDecimal number(String value) {
        try {
            return new BigDecimal(value.trim().replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String fmt(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
    }
}
