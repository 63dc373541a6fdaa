package com.crm.customer.profile;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored customer: its profile plus identity, life-cycle status, timestamps and optimistic-locking version.
 * {@code deletedAt} is set for every status but ACTIVE; {@code mergedInto} only for MERGED.
 */
record Customer(
        UUID id,
        Profile profile,
        List<ExternalReference> externalReferences,
        CustomerStatus status,
        UUID mergedInto,
        Instant createdAt,
        Instant updatedAt,
        Instant deletedAt,
        long version) {

    static Customer create(Profile profile, List<ExternalReference> references, Instant now) {
        return new Customer(UUID.randomUUID(), profile, references, CustomerStatus.ACTIVE, null, now, now, null, 1);
    }

    boolean active() {
        return status == CustomerStatus.ACTIVE;
    }

    Customer withProfile(Profile changed, Instant at) {
        return new Customer(id, changed, externalReferences, status, mergedInto, createdAt, at, deletedAt, version + 1);
    }

    Customer deletedAt(Instant at) {
        return new Customer(
                id, profile, externalReferences, CustomerStatus.DELETED, null, createdAt, at, at, version + 1);
    }

    Customer mergedInto(UUID survivor, Instant at) {
        return new Customer(id, profile, List.of(), CustomerStatus.MERGED, survivor, createdAt, at, at, version + 1);
    }

    /** Personal data gone for good; only the type and the timestamps remain. */
    Customer erased(Profile anonymous, Instant at) {
        return new Customer(
                id,
                anonymous,
                externalReferences,
                CustomerStatus.ERASED,
                mergedInto,
                createdAt,
                at,
                deletedAt == null ? at : deletedAt,
                version + 1);
    }
}
