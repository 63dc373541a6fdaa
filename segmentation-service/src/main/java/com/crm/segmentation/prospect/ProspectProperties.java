package com.crm.segmentation.prospect;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How prospects are scored ({@code crm.segmentation.prospects.*}). Need comes from recent signals, ability from
 * profile attributes by rules an admin configures; both are capped sums of weights in 0..1, "high" from their
 * thresholds.
 */
@ConfigurationProperties("crm.segmentation.prospects")
public record ProspectProperties(Integer signalWindowDays, String sourceTagPrefix, Need need, Ability ability) {

    public ProspectProperties {
        signalWindowDays = signalWindowDays == null ? 90 : signalWindowDays;
        sourceTagPrefix = sourceTagPrefix == null ? "source:" : sourceTagPrefix;
        need = need == null ? new Need(null, null, null, null, null) : need;
        ability = ability == null ? new Ability(null, null) : ability;
    }

    /** Weights of each signal in the window (counted once per kind), and the interaction types that are inquiries. */
    public record Need(
            Double threshold,
            Double purchaseIntentWeight,
            Double inquiryWeight,
            Double interestedAnswerWeight,
            List<String> inquiryTypes) {
        public Need {
            threshold = threshold == null ? 0.5 : threshold;
            purchaseIntentWeight = purchaseIntentWeight == null ? 0.6 : purchaseIntentWeight;
            inquiryWeight = inquiryWeight == null ? 0.4 : inquiryWeight;
            interestedAnswerWeight = interestedAnswerWeight == null ? 0.3 : interestedAnswerWeight;
            inquiryTypes = inquiryTypes == null ? List.of("INQUIRY", "CONSULTATION") : List.copyOf(inquiryTypes);
        }
    }

    public record Ability(Double threshold, List<AbilityRule> rules) {
        public Ability {
            threshold = threshold == null ? 0.5 : threshold;
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    /**
     * Adds {@code weight} when the profile attribute matches: {@code values} (any of, case-insensitive) or
     * {@code min} (a number ≥ it). Attributes: {@code type}, {@code industry}, {@code region}, {@code company},
     * {@code jobTitle}, {@code ownerId}, {@code tags} (any tag), {@code tag.<key>} (the value of a tag
     * {@code <key>:<value>} or {@code <key>=<value>}, e.g. {@code budget:500000}). {@code label} names it in reasons.
     */
    public record AbilityRule(String attribute, List<String> values, Double min, Double weight, String label) {
        public AbilityRule {
            values = values == null ? List.of() : List.copyOf(values);
            weight = weight == null ? 0 : weight;
            label = label == null ? attribute : label;
        }
    }
}
