package com.crm.contracts.events.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The state of a customer as other services may keep it in their projections. It carries <b>no direct
 * identifiers</b>: no name, email, phone, WeChat id or birthday. No consuming service needs them (contact policies
 * use {@code consents} and {@code timeZone}, record-level access uses {@code ownerId} and {@code teamId},
 * segmentation uses type, region, industry, company, job title and tags), and Kafka topics, dead-letter topics and
 * webhook deliveries are append-only copies that an erasure cannot rewrite: what is never published needs no
 * erasing there. Integrators that need the person fetch the profile through the API ({@code GET
 * /api/customers/{id}}), where scopes and record-level access apply; {@code changedFields} of
 * {@link CustomerUpdated} says what changed. Events published before this shape still carry those fields; readers
 * ignore them ({@code CrmEventCodec} ignores unknown properties).
 *
 * <p>{@code company} and {@code jobTitle} are business attributes that segmentation's prospect scoring needs; every
 * projection forgets them on {@link CustomerErased}. {@code timeZone} is an IANA zone id (may be null).
 * {@code ownerId} (the owning user's id) and {@code teamId} (the owning team) decide who may see the customer:
 * services project them to enforce record-level access; both may be null (an unassigned customer), and events
 * published before {@code teamId} existed lack it.
 *
 * <p>{@code properties} holds the customer's custom property values (by the property's API name, typed as JSON:
 * strings, numbers, booleans, dates as ISO strings, lists for multi-valued ones) for the properties an admin did
 * <b>not</b> mark {@code personalData}. A property that identifies a person (a passport number, a private e-mail, a
 * loyalty card tied to the person) is marked so by its definition and is never published, for the same reason as
 * the identifiers above: an erasure cannot rewrite the broker. Archived properties are left out too. May be null
 * (events published before custom properties existed, or a customer without any).
 */
public record CustomerSnapshot(
        UUID id,
        String type,
        String company,
        String jobTitle,
        String industry,
        String region,
        List<String> tags,
        String ownerId,
        Map<String, String> consents,
        Instant createdAt,
        Instant updatedAt,
        long version,
        String timeZone,
        String teamId,
        Map<String, Object> properties) {

    /** A snapshot without custom properties (the shape before {@code properties} was added). */
    public CustomerSnapshot(
            UUID id,
            String type,
            String company,
            String jobTitle,
            String industry,
            String region,
            List<String> tags,
            String ownerId,
            Map<String, String> consents,
            Instant createdAt,
            Instant updatedAt,
            long version,
            String timeZone,
            String teamId) {
        this(
                id, type, company, jobTitle, industry, region, tags, ownerId, consents, createdAt, updatedAt, version,
                timeZone, teamId, null);
    }

    /** A snapshot without a team (an unassigned customer, or the shape before {@code teamId} was added). */
    public CustomerSnapshot(
            UUID id,
            String type,
            String company,
            String jobTitle,
            String industry,
            String region,
            List<String> tags,
            String ownerId,
            Map<String, String> consents,
            Instant createdAt,
            Instant updatedAt,
            long version,
            String timeZone) {
        this(
                id, type, company, jobTitle, industry, region, tags, ownerId, consents, createdAt, updatedAt, version,
                timeZone, null, null);
    }
}
