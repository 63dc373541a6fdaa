package com.crm.interaction.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What interaction-service keeps of a customer, from {@code crm.customer.v1}: status ({@code ACTIVE},
 * {@code DELETED}, {@code ERASED}), consent status per channel, IANA time zone (may be null), account manager and
 * tags, and the snapshot version last applied; {@code tier} is the value tier from {@code crm.segmentation.v1}
 * (null until one is known), kept apart from the snapshot: a snapshot never overwrites it.
 */
public record CustomerProjection(
        UUID customerId,
        String status,
        Map<String, String> consents,
        String timeZone,
        String ownerId,
        List<String> tags,
        long version,
        Instant updatedAt,
        String tier) {}
