package com.crm.support.imports;

import com.crm.support.security.CrmActor;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** An import job as stored. */
record ImportJob(
        UUID id,
        String object,
        ImportFormat format,
        Map<String, String> mapping,
        ImportStatus status,
        Actor actor,
        int chunkSize,
        String contentHash,
        Long sizeBytes,
        Integer totalRows,
        int position,
        Counts counts,
        int attempts,
        String leaseOwner,
        Instant leaseUntil,
        String error,
        Instant createdAt,
        Instant uploadedAt,
        Instant startedAt,
        Instant finishedAt) {

    /** Rows per outcome so far. */
    record Counts(int created, int updated, int unchanged, int rejected) {
        int processed() {
            return created + updated + unchanged + rejected;
        }
    }

    /**
     * Who created the job: its rows are written as this caller, with the caller's visibility and as the actor of
     * their events, as if each chunk were a batch request of theirs.
     */
    record Actor(CrmActor.Kind kind, String id, String role, String team, Set<String> scopes) {
        static Actor of(CrmActor actor) {
            return new Actor(actor.kind(), actor.id(), actor.role().name(), actor.team(), actor.scopes());
        }
    }
}
