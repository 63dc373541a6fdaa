package com.crm.feedback.survey;

/** How a question is answered; the rating types carry their fixed range. */
public enum QuestionType {
    NPS(0, 10),
    CSAT(1, 5),
    CES(1, 7),
    SCALE(null, null),
    SINGLE_CHOICE(null, null),
    MULTIPLE_CHOICE(null, null),
    TEXT(null, null);

    final Integer min;
    final Integer max;

    QuestionType(Integer min, Integer max) {
        this.min = min;
        this.max = max;
    }
}
