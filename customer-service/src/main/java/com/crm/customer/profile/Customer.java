package com.crm.customer.profile;

import java.time.Instant;
import java.util.UUID;

/** A stored customer: its profile plus identity, timestamps and optimistic-locking version. */
record Customer(UUID id, Profile profile, Instant createdAt, Instant updatedAt, Instant deletedAt, long version) {

    boolean deleted() {
        return deletedAt != null;
    }

    Customer withProfile(Profile changed, Instant at) {
        return new Customer(id, changed, createdAt, at, deletedAt, version + 1);
    }

    Customer deletedAt(Instant at) {
        return new Customer(id, profile, createdAt, at, at, version + 1);
    }
}
