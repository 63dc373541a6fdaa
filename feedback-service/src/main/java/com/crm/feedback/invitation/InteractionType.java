package com.crm.feedback.invitation;

/** The interaction types a rule can react to: interaction-service's vocabulary, as its events carry it. */
enum InteractionType {
    INQUIRY,
    CONSULTATION,
    SALES_CALL,
    SERVICE,
    COMPLAINT,
    CAMPAIGN,
    FOLLOW_UP,
    SURVEY,
    OTHER
}
