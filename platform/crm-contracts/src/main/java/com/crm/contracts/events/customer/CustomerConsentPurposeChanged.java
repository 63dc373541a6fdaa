package com.crm.contracts.events.customer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import com.crm.contracts.events.ActorRef;
import java.time.Instant;
import java.util.UUID;

/**
 * The customer's decision on a processing purpose moved. {@code purpose}: {@code MARKETING}, {@code SERVICE},
 * {@code PROFILING} or {@code THIRD_PARTY_SHARING}; {@code channel}: {@code ALL} or one channel ({@code EMAIL},
 * {@code SMS}, {@code PHONE}, {@code WECHAT}), a channel's own record overriding the {@code ALL} one for that channel.
 * {@code status}: {@code GRANTED}, {@code DENIED}, {@code WITHDRAWN} or {@code EXPIRED} (a grant whose
 * {@code expiresAt} passed; published by customer-service when it lapses). Anything but {@code GRANTED} stops what
 * depends on the purpose. {@code previousStatus} is null for a first record. {@code legalBasis} is the GDPR Art. 6 /
 * PIPL Art. 13 ground ({@code CONSENT}, {@code CONTRACT}, {@code LEGAL_OBLIGATION}, {@code VITAL_INTERESTS},
 * {@code PUBLIC_TASK}, {@code LEGITIMATE_INTERESTS}). The evidence stays in customer-service (it may identify the
 * person). Consumers keep the newest {@code changedAt} per customer, purpose and channel.
 */
@EventType(value = "crm.customer.consent-purpose-changed", topic = Topics.CUSTOMER)
public record CustomerConsentPurposeChanged(
        UUID customerId,
        String purpose,
        String channel,
        String status,
        String previousStatus,
        String legalBasis,
        Instant expiresAt,
        Instant changedAt,
        String source,
        ActorRef actor)
        implements CrmEvent {}
