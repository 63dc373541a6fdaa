package com.crm.feedback.survey;

/** NPS, CSAT and CES surveys have a headline question of their own type; CUSTOM ones need not. */
public enum SurveyKind {
    NPS,
    CSAT,
    CES,
    CUSTOM;

    QuestionType headline() {
        return this == CUSTOM ? null : QuestionType.valueOf(name());
    }
}
