package com.crm.customer.risk.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The risk score: each signal's strength s (0..1) from the facts, combined by a noisy-OR with the signal's weight w,
 * score = 1 − Π (1 − w·s). Each signal's contribution is its share of the score in proportion to −ln(1 − w·s), so the
 * contributions add up to the score exactly and a signal twice as telling gets twice the share: a score explains
 * itself. No Spring and no database here: the service and the offline evaluation in bench/ run this same code.
 */
public final class RiskModel {

    /** Evidence levels a strength falls into (quarters); a level of 0 is no evidence. */
    static final int LEVELS = 4;

    private RiskModel() {}

    /**
     * One signal of a customer.
     *
     * @param evidenceKey what the signal rests on (the kind, and for a cluster a digest of the shared identifier)
     * @param level       the strength in quarters (1..4): evidence, compared when a cleared customer scores again
     */
    public record Signal(
            SignalKind kind,
            double strength,
            double weight,
            double contribution,
            String reason,
            String evidenceKey,
            int level) {}

    /**
     * A score with its signals (strongest contribution first) and its evidence.
     *
     * @param evidence    {evidenceKey: level} of the signals with a level of at least 1
     * @param fingerprint a digest of the evidence: equal evidence, equal fingerprint
     */
    public record Assessment(double score, List<Signal> signals, Map<String, Integer> evidence, String fingerprint) {

        public boolean reaches(double threshold) {
            return score >= threshold;
        }
    }

    public static Assessment assess(RiskFacts f, RiskSettings s) {
        List<Signal> raw = new ArrayList<>();
        refundRatio(f, s, raw);
        refundVelocity(f, s, raw);
        shared(f, s, raw);
        burst(f, s, raw);
        complaints(f, s, raw);
        pointsAbuse(f, s, raw);
        couponAbuse(f, s, raw);
        double survival = 1;
        double logSum = 0;
        for (Signal signal : raw) {
            double p = signal.weight() * signal.strength();
            survival *= 1 - p;
            logSum += -Math.log1p(-p);
        }
        double score = 1 - survival;
        List<Signal> signals = new ArrayList<>();
        Map<String, Integer> evidence = new TreeMap<>();
        for (Signal signal : raw) {
            double share = logSum == 0 ? 0 : -Math.log1p(-signal.weight() * signal.strength()) / logSum;
            signals.add(new Signal(
                    signal.kind(),
                    round(signal.strength()),
                    signal.weight(),
                    round(score * share),
                    signal.reason(),
                    signal.evidenceKey(),
                    signal.level()));
            if (signal.level() > 0) {
                evidence.merge(signal.evidenceKey(), signal.level(), Math::max);
            }
        }
        signals.sort(Comparator.comparingDouble(Signal::contribution).reversed());
        return new Assessment(round(score), List.copyOf(signals), Map.copyOf(evidence), fingerprint(evidence));
    }

    /**
     * Whether {@code current} evidence holds something {@code cleared} did not: an evidence key it lacked, or one at
     * a higher level. Weaker or equal evidence is what a reviewer already cleared.
     */
    public static boolean isNewEvidence(Map<String, Integer> current, Map<String, Integer> cleared) {
        return current.entrySet().stream().anyMatch(e -> e.getValue() > cleared.getOrDefault(e.getKey(), 0));
    }

    private static void refundRatio(RiskFacts f, RiskSettings s, List<Signal> out) {
        if (f.refunds() < s.minRefunds()) {
            return;
        }
        double ratio = f.purchaseAmount() > 0
                ? f.refundAmount() / f.purchaseAmount()
                : f.purchases() > 0 ? (double) f.refunds() / f.purchases() : 1;
        ratio = Math.min(1, ratio);
        // a ratio over few refunds says less than the same ratio over many
        double confidence = (double) f.refunds() / (f.refunds() + 1);
        double strength = ramp(ratio, s.refundRatioFloor(), s.refundRatioFull()) * confidence;
        add(
                out,
                s,
                SignalKind.REFUND_RATIO,
                strength,
                SignalKind.REFUND_RATIO.name(),
                String.format(
                        Locale.ROOT,
                        "refunded %.0f %% of what they bought (%d refunds against %d purchases)",
                        ratio * 100,
                        f.refunds(),
                        f.purchases()));
    }

    private static void refundVelocity(RiskFacts f, RiskSettings s, List<Signal> out) {
        double strength = saturate(f.recentRefunds() - s.velocityFree(), s.velocityScale());
        add(
                out,
                s,
                SignalKind.REFUND_VELOCITY,
                strength,
                SignalKind.REFUND_VELOCITY.name(),
                String.format(Locale.ROOT, "%d refunds in the last 30 days", f.recentRefunds()));
    }

    private static void shared(RiskFacts f, RiskSettings s, List<Signal> out) {
        Map<SignalKind, RiskFacts.Shared> widest = new EnumMap<>(SignalKind.class);
        for (RiskFacts.Shared shared : f.shared()) {
            widest.merge(shared.kind(), shared, (a, b) -> b.others() > a.others() ? b : a);
        }
        for (RiskFacts.Shared shared : widest.values()) {
            double strength = ramp(shared.others(), 0, s.ringSize() - 1);
            add(
                    out,
                    s,
                    shared.kind(),
                    strength,
                    shared.kind().name() + ":" + shared.key(),
                    String.format(
                            Locale.ROOT,
                            "shares %s %s with %d other profile%s",
                            noun(shared.kind()),
                            shared.masked(),
                            shared.others(),
                            shared.others() == 1 ? "" : "s"));
        }
    }

    private static void burst(RiskFacts f, RiskSettings s, List<Signal> out) {
        if (f.burstPurchases() < s.burstMinimum()) {
            return;
        }
        double weeklyRate =
                f.baselineDays() >= 7 ? f.baselinePurchases() / (f.baselineDays() / 7.0) : s.burstPriorPerWeek();
        double expected = Math.max(weeklyRate, s.burstPriorPerWeek()) * s.burstWindowDays() / 7.0;
        double z = (f.burstPurchases() - expected) / Math.sqrt(expected + 1);
        double strength = ramp(z, s.burstZFloor(), s.burstZFull());
        add(
                out,
                s,
                SignalKind.PURCHASE_BURST,
                strength,
                SignalKind.PURCHASE_BURST.name(),
                String.format(
                        Locale.ROOT,
                        "%d purchases in the last %d days against %.1f expected from their own history",
                        f.burstPurchases(),
                        s.burstWindowDays(),
                        expected));
    }

    private static void complaints(RiskFacts f, RiskSettings s, List<Signal> out) {
        double strength = saturate(f.complaintRefunds() - s.complaintFree(), s.complaintScale());
        add(
                out,
                s,
                SignalKind.COMPLAINT_REFUNDS,
                strength,
                SignalKind.COMPLAINT_REFUNDS.name(),
                String.format(Locale.ROOT, "%d complaints each followed by a refund", f.complaintRefunds()));
    }

    private static void pointsAbuse(RiskFacts f, RiskSettings s, List<Signal> out) {
        RiskFacts.Loyalty l = f.loyalty();
        double strength = saturate(l.debtRefunds() - s.pointsDebtFree(), s.pointsDebtScale());
        add(
                out,
                s,
                SignalKind.POINTS_ABUSE,
                strength,
                SignalKind.POINTS_ABUSE.name(),
                String.format(
                        Locale.ROOT,
                        "%d refund%s of purchases whose points were already spent (%d points owed)",
                        l.debtRefunds(),
                        l.debtRefunds() == 1 ? "" : "s",
                        l.debtPoints()));
    }

    private static void couponAbuse(RiskFacts f, RiskSettings s, List<Signal> out) {
        RiskFacts.CouponRing widest = null;
        for (RiskFacts.CouponRing ring : f.loyalty().couponRings()) {
            if (widest == null
                    || ring.others() > widest.others()
                    || (ring.others() == widest.others() && ring.campaign().compareTo(widest.campaign()) < 0)) {
                widest = ring;
            }
        }
        if (widest == null) {
            return;
        }
        add(
                out,
                s,
                SignalKind.COUPON_ABUSE,
                ramp(widest.others(), 0, s.ringSize() - 1),
                SignalKind.COUPON_ABUSE.name() + ":" + digest(widest.campaign()).substring(0, 16),
                String.format(
                        Locale.ROOT,
                        "redeemed a '%s' coupon, as did %d other profile%s sharing their phone, e-mail, address or device",
                        widest.campaign(),
                        widest.others(),
                        widest.others() == 1 ? "" : "s"));
    }

    private static void add(
            List<Signal> out, RiskSettings s, SignalKind kind, double strength, String key, String reason) {
        if (strength <= 0) {
            return;
        }
        double clamped = Math.min(1, strength);
        int level = (int) Math.floor(clamped * LEVELS + 1e-9);
        out.add(new Signal(kind, clamped, s.weight(kind), 0, reason, key, level));
    }

    private static String noun(SignalKind kind) {
        return switch (kind) {
            case SHARED_PHONE -> "phone";
            case SHARED_EMAIL -> "e-mail";
            case SHARED_ADDRESS -> "address";
            case SHARED_DEVICE -> "device";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    /** 0 at or below {@code floor}, 1 at or above {@code full}, linear between. */
    static double ramp(double x, double floor, double full) {
        return Math.max(0, Math.min(1, (x - floor) / (full - floor)));
    }

    /** 0 for {@code x ≤ 0}, approaching 1: 1 − e^(−x/scale). */
    static double saturate(double x, double scale) {
        return x <= 0 ? 0 : 1 - Math.exp(-x / scale);
    }

    private static double round(double v) {
        return Math.round(v * 1_000_000d) / 1_000_000d;
    }

    static String fingerprint(Map<String, Integer> evidence) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(evidence)
                .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return digest(text.toString()).substring(0, 32);
    }

    /** SHA-256, hex: the digest of identifiers in evidence and of evidence in fingerprints. */
    public static String digest(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
