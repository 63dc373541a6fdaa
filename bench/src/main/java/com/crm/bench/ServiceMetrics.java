package com.crm.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services' own Prometheus figures, read from each service's {@code /actuator/prometheus} (an admin token on the
 * local stack): the consumers' write-to-committed freshness histograms ({@code crm_event_freshness_seconds}) and
 * their applied-event counters ({@code crm_events_total}). Two snapshots give what happened between them, measured
 * where it happened instead of by polling the API.
 */
final class ServiceMetrics {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)}\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample: metric name, its labels and value. */
    record Sample(String name, Map<String, String> labels, double value) {
        String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    private final ErpClient admin;
    private final List<String> services;

    ServiceMetrics(ErpClient admin, List<String> services) {
        this.admin = admin;
        this.services = services;
    }

    /** Every {@code crm_event_freshness_seconds_bucket} and {@code crm_events_total} sample of every service. */
    List<Sample> snapshot() throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (String service : services) {
            String text = admin.getText(service + "/actuator/prometheus");
            for (String line : text.split("\n")) {
                if (line.startsWith("crm_event_freshness_seconds_bucket") || line.startsWith("crm_events_total")) {
                    Matcher m = SAMPLE.matcher(line);
                    if (m.matches()) {
                        Map<String, String> labels = new HashMap<>();
                        Matcher l = LABEL.matcher(m.group(2));
                        while (l.find()) {
                            labels.put(l.group(1), l.group(2));
                        }
                        samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
                    }
                }
            }
        }
        return samples;
    }

    /** Applied events per consumer and topic ({@code consumer topic}) between two snapshots. */
    static Map<String, Double> applied(List<Sample> before, List<Sample> after) {
        Map<String, Double> delta = new TreeMap<>();
        for (Sample s : after) {
            if (s.name().equals("crm_events_total") && s.label("outcome").equals("applied")) {
                delta.merge(s.label("consumer") + " " + s.label("topic"), s.value(), Double::sum);
            }
        }
        for (Sample s : before) {
            if (s.name().equals("crm_events_total") && s.label("outcome").equals("applied")) {
                delta.merge(s.label("consumer") + " " + s.label("topic"), -s.value(), Double::sum);
            }
        }
        delta.values().removeIf(v -> v <= 0);
        return delta;
    }

    /**
     * Quantiles of the freshness of one consumer on one topic between two snapshots, interpolated within the
     * histogram's buckets (as Prometheus' {@code histogram_quantile} does); {@code null} when nothing was applied.
     */
    static Freshness freshness(List<Sample> before, List<Sample> after, String consumer, String topic) {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        for (Sample s : after) {
            if (isBucket(s, consumer, topic)) {
                cumulative.merge(le(s), s.value(), Double::sum);
            }
        }
        for (Sample s : before) {
            if (isBucket(s, consumer, topic)) {
                cumulative.merge(le(s), -s.value(), Double::sum);
            }
        }
        Double total = cumulative.isEmpty() ? null : cumulative.lastEntry().getValue();
        if (total == null || total <= 0) {
            return null;
        }
        return new Freshness(
                total.longValue(), quantile(cumulative, 0.5), quantile(cumulative, 0.99), share(cumulative, 1.0));
    }

    /** Events seen, p50 and p99 in seconds, and the share fresh within a second. */
    record Freshness(long events, double p50, double p99, double withinOneSecond) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%,d events: p50 %.0f ms, p99 %.0f ms, %.1f %% within 1 s",
                    events,
                    p50 * 1000,
                    p99 * 1000,
                    withinOneSecond * 100);
        }
    }

    private static boolean isBucket(Sample s, String consumer, String topic) {
        return s.name().equals("crm_event_freshness_seconds_bucket")
                && s.label("consumer").equals(consumer)
                && s.label("topic").equals(topic);
    }

    private static double le(Sample s) {
        String le = s.label("le");
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    static double quantile(TreeMap<Double, Double> cumulative, double q) {
        double total = cumulative.lastEntry().getValue();
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = bucket.getValue() - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return lowerBound + (bucket.getKey() - lowerBound) * fraction;
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }

    private static double share(TreeMap<Double, Double> cumulative, double seconds) {
        Map.Entry<Double, Double> atOrBelow = cumulative.floorEntry(seconds);
        return atOrBelow == null
                ? 0
                : atOrBelow.getValue() / cumulative.lastEntry().getValue();
    }
}
