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
 * {@code ownerId} (the owning user's id) and {@code teamId} (the owning team) decide who may see the customer:
 * services project them to enforce record-level access; both may be null (an unassigned customer), and events
 * published before {@code teamId} existed lack it.
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
        String timeZone,
        String teamId) {

    /** A snapshot without a team (the shape before {@code teamId} was added). */
    public CustomerSnapshot(
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
            String timeZone) {
        this(
                id,
                type,
                displayName,
                givenName,
                familyName,
                emails,
                phones,
                wechatId,
                company,
                jobTitle,
                industry,
                birthday,
                region,
                tags,
                ownerId,
                consents,
                createdAt,
                updatedAt,
                version,
                timeZone,
                null);
    }
}
