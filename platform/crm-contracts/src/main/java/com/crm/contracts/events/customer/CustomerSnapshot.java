package com.crm.contracts.events.customer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The state of a customer as other services may keep it in their projections.
 * Personal contact points are included because contact policies and surveys need them;
 * an erasure event tells every holder to forget them. {@code timeZone} is an IANA zone id (may be null).
 */
public record CustomerSnapshot(
        UUID id,
        String type,
        String displayName,
        String givenName,
        String familyName,
        List<String> emails,
        List<String> phones,
        String wechatId,
        String company,
        String jobTitle,
        String industry,
        LocalDate birthday,
        String region,
        List<String> tags,
        String ownerId,
        Map<String, String> consents,
        Instant createdAt,
        Instant updatedAt,
        long version,
        String timeZone) {}
