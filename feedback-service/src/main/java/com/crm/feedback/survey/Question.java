package com.crm.feedback.survey;

import java.util.List;

/**
 * One question. {@code min}/{@code max} bound a SCALE (NPS 0–10, CSAT 1–5, CES 1–7 are fixed); {@code options} are
 * the choices of SINGLE_CHOICE / MULTIPLE_CHOICE; {@code maxLength} bounds TEXT (default 2,000).
 */
public record Question(String id, QuestionType type, String text, Boolean required, Integer min, Integer max,
                       List<String> options, Integer maxLength) {

    public boolean isRequired() {
        return required == null || required;
    }

    int lower() {
        return type.min != null ? type.min : min == null ? 1 : min;
    }

    int upper() {
        return type.max != null ? type.max : max == null ? 5 : max;
    }
}
