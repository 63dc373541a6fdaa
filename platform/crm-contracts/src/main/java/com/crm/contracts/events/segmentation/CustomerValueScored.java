package com.crm.contracts.events.segmentation;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer's value scores changed materially: what they are worth and where they are heading, in one event so that
 * other services (customer-service's 360 overview, referral value) can keep a projection without calling
 * segmentation-service. Decimals are strings; any score not computed yet is null. {@code runId} is set when a full
 * run produced it, null for an incremental update.
 */
@EventType(value = "crm.value.scored", topic = Topics.SEGMENTATION)
public record CustomerValueScored(
        UUID customerId,
        String tier,
        String clv,
        String clvPercentile,
        String pAlive,
        String expectedPurchases,
        Short rfmRecency,
        Short rfmFrequency,
        Short rfmMonetary,
        String rfmSegment,
        String keyAccountQuadrant,
        String lifecycleStage,
        String churnRisk,
        Instant scoredAt,
        UUID runId)
        implements CrmEvent {}
