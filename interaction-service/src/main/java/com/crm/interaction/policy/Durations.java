package com.crm.interaction.policy;

import java.time.Duration;

/** ISO-8601 durations as people write them: whole days as {@code P30D}, not {@code PT720H}. */
public final class Durations {

    private Durations() {}

    public static String iso(Duration d) {
        if (d == null) {
            return null;
        }
        return !d.isZero() && d.toSeconds() % 86_400 == 0 && d.getNano() == 0 ? "P" + d.toDays() + "D" : d.toString();
    }
}
