package com.crm.feedback.invitation;

/** Who started an interaction, as interaction-service's events carry it. */
enum Direction {
    INBOUND,
    OUTBOUND
}
