package com.crm.segmentation.model;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Lifecycle stage rules: PROSPECT (no purchase) → NEW → GROWING → MATURE → DECLINING → CHURNED, re-activation by a
 * purchase. With a fitted model, P(alive) decides DECLINING ({@code < decliningPAlive}) and CHURNED
 * ({@code < churnedPAlive}); without one, days since the last purchase do ({@code decliningDays}, {@code churnedDays}).
 * Otherwise NEW while the first purchase is at most {@code newDays} old, MATURE from {@code maturePurchaseDays}
 * purchase days, else GROWING.
 */
public record Lifecycle(
        int newDays,
        int maturePurchaseDays,
        double decliningPAlive,
        double churnedPAlive,
        int decliningDays,
        int churnedDays) {

    public enum Stage {
        PROSPECT,
        NEW,
        GROWING,
        MATURE,
        DECLINING,
        CHURNED
    }

    public record Decision(Stage stage, String reason) {}

    public Decision decide(int purchaseDays, LocalDate first, LocalDate last, LocalDate asOf, Double pAlive) {
        if (purchaseDays == 0 || first == null) {
            return new Decision(Stage.PROSPECT, "no purchase yet");
        }
        long sinceLast = ChronoUnit.DAYS.between(last, asOf);
        if (pAlive != null) {
            if (pAlive < churnedPAlive) {
                return new Decision(Stage.CHURNED, "P(alive) %.3f below %.2f".formatted(pAlive, churnedPAlive));
            }
            if (pAlive < decliningPAlive) {
                return new Decision(Stage.DECLINING, "P(alive) %.3f below %.2f".formatted(pAlive, decliningPAlive));
            }
        } else {
            if (sinceLast > churnedDays) {
                return new Decision(Stage.CHURNED, "no purchase for %d days (> %d)".formatted(sinceLast, churnedDays));
            }
            if (sinceLast > decliningDays) {
                return new Decision(
                        Stage.DECLINING, "no purchase for %d days (> %d)".formatted(sinceLast, decliningDays));
            }
        }
        long tenure = ChronoUnit.DAYS.between(first, asOf);
        if (tenure <= newDays) {
            return new Decision(Stage.NEW, "first purchase %d days ago (<= %d)".formatted(tenure, newDays));
        }
        if (purchaseDays >= maturePurchaseDays) {
            return new Decision(Stage.MATURE, "%d purchase days (>= %d)".formatted(purchaseDays, maturePurchaseDays));
        }
        return new Decision(
                Stage.GROWING,
                "%d purchase days (< %d), past the first %d days".formatted(purchaseDays, maturePurchaseDays, newDays));
    }

    /** The reason of a transition: a move out of DECLINING or CHURNED back to an active stage is a re-activation. */
    public static String transitionReason(Stage from, Decision to) {
        boolean reactivated = (from == Stage.DECLINING || from == Stage.CHURNED)
                && (to.stage() == Stage.NEW || to.stage() == Stage.GROWING || to.stage() == Stage.MATURE);
        return reactivated ? "re-activated: " + to.reason() : to.reason();
    }
}
