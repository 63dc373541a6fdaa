package com.crm.contracts.events.feedback;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer answered a survey (over an invitation's link, or recorded by an agent). {@code surveyKind} is
 * {@code NPS}, {@code CSAT}, {@code CES} or {@code CUSTOM}; {@code score} is the answer to the survey's headline
 * question (NPS 0–10, CSAT 1–5, CES 1–7; null for a custom survey without one); {@code npsCategory} is
 * {@code promoter} (9–10), {@code passive} (7–8) or {@code detractor} (0–6) for an NPS answer, null otherwise.
 * No free text: answers stay in feedback-service.
 */
@EventType(value = "crm.feedback.response-received", topic = Topics.FEEDBACK)
public record ResponseReceived(
        UUID customerId,
        UUID responseId,
        UUID surveyId,
        int surveyVersion,
        String surveyKind,
        UUID invitationId,
        String channel,
        Integer score,
        String npsCategory,
        Instant submittedAt,
        String recordedBy)
        implements CrmEvent {}
