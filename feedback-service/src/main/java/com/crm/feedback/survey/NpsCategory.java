package com.crm.feedback.survey;

/** The NPS buckets: 9–10 promoter, 7–8 passive, 0–6 detractor. */
public final class NpsCategory {

    public static final String PROMOTER = "promoter";
    public static final String PASSIVE = "passive";
    public static final String DETRACTOR = "detractor";

    private NpsCategory() {}

    public static String of(int score) {
        if (score < 0 || score > 10) {
            throw new IllegalArgumentException("NPS score out of 0..10: " + score);
        }
        return score >= 9 ? PROMOTER : score >= 7 ? PASSIVE : DETRACTOR;
    }
}
