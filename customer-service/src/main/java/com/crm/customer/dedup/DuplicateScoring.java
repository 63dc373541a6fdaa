package com.crm.customer.dedup;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/**
 * How alike two customers are, from 0 to 1, and why. Exact keys (a shared email, phone) weigh most; names are
 * compared with Jaro-Winkler after normalisation (case, accents, punctuation, and word order for Latin names,
 * so "Li Lei" meets "Lei Li"; Chinese names are compared character by character); company, birthday and region
 * add evidence, different birthdays take it away.
 */
final class DuplicateScoring {

    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();

    /** What the scoring needs of a customer. */
    record Facts(
            String type,
            String name,
            Set<String> emails,
            Set<String> phones,
            String company,
            LocalDate birthday,
            String region) {}

    record Score(double value, List<String> reasons) {}

    private DuplicateScoring() {}

    static Score score(Facts a, Facts b) {
        if (!Objects.equals(a.type(), b.type())) {
            return new Score(0, List.of());
        }
        double score = 0;
        List<String> reasons = new ArrayList<>();
        Set<String> emails = intersection(a.emails(), b.emails());
        if (!emails.isEmpty()) {
            score += 0.6;
            reasons.add("same email " + emails.iterator().next());
        }
        Set<String> phones = intersection(a.phones(), b.phones());
        if (!phones.isEmpty()) {
            score += 0.5;
            reasons.add("same phone " + phones.iterator().next());
        }
        double name = nameSimilarity(a.name(), b.name());
        if (name >= 0.85) {
            score += 0.45 * name;
            reasons.add(String.format(Locale.ROOT, "similar name (%.2f)", name));
        }
        String companyA = normalized(a.company());
        if (!companyA.isEmpty() && companyA.equals(normalized(b.company()))) {
            score += 0.15;
            reasons.add("same company");
        }
        if (a.birthday() != null && b.birthday() != null) {
            if (a.birthday().equals(b.birthday())) {
                score += 0.2;
                reasons.add("same birthday");
            } else {
                score -= 0.3;
                reasons.add("different birthdays");
            }
        }
        String regionA = normalized(a.region());
        if (!regionA.isEmpty() && regionA.equals(normalized(b.region())) && score > 0) {
            score += 0.05;
            reasons.add("same region");
        }
        return new Score(Math.max(0, Math.min(1, score)), List.copyOf(reasons));
    }

    static double nameSimilarity(String a, String b) {
        String x = nameKey(a);
        String y = nameKey(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        return JARO_WINKLER.apply(x, y);
    }

    /** Lower case, no accents or punctuation; Latin words sorted so word order does not matter. */
    static String nameKey(String name) {
        if (name == null) {
            return "";
        }
        String plain = Normalizer.normalize(name, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[\\p{P}\\p{S}]", " ")
                .strip();
        if (plain.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)) {
            return plain.replaceAll("\\s+", "");
        }
        String[] words = plain.split("\\s+");
        Arrays.sort(words);
        return String.join(" ", words);
    }

    private static String normalized(String value) {
        return value == null ? "" : nameKey(value);
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }
}
