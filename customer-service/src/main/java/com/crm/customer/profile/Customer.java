package com.crm.customer.profile;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored customer: its profile plus identity, timestamps and optimistic-locking version. */
record Customer(UUID id, Profile profile, List<ExternalReference> externalReferences, Instant createdAt,
                Instant updatedAt, Instant deletedAt, long version) {

    Customer withExternalReference(ExternalReference reference) {
        var all = new java.util.ArrayList<>(externalReferences);
        all.add(reference);
        return new Customer(id, profile, List.copyOf(all), createdAt, updatedAt, deletedAt, version);
    }

    boolean deleted() {
        return deletedAt != null;
    }

    Customer withProfile(Profile changed, Instant at) {
        return new Customer(id, changed, externalReferences, createdAt, at, deletedAt, version + 1);
    }

    Customer deletedAt(Instant at) {
        return new Customer(id, profile, externalReferences, createdAt, at, at, version + 1);
    }
}
