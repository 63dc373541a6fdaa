package com.crm.support.imports;

import com.crm.support.batch.BatchResponse.ItemProblem;
import com.crm.support.batch.BatchResponse.ItemResult;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.security.CrmActor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies queued import jobs chunk by chunk. Each chunk's writes, events, results and the job's position commit in
 * one transaction, so whatever stops a runner (a restart, a crash) leaves the job at a chunk boundary: the next
 * runner that takes it (its lease expired) continues after the last committed row and applies nothing twice.
 */
class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    private static final int MAX_ATTEMPTS = 3;

    private final ImportRepository jobs;
    private final ImportTargets targets;
    private final ImportProperties properties;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final String owner = "runner-" + UUID.randomUUID();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();

    ImportRunner(
            ImportRepository jobs,
            ImportTargets targets,
            ImportProperties properties,
            TransactionTemplate transactions,
            JsonMapper json) {
        this.jobs = jobs;
        this.targets = targets;
        this.properties = properties;
        this.transactions = transactions;
        this.json = json;
    }

    /**
     * Takes work off the scheduler's thread: a job runs for minutes, the outbox relay must not wait for it. Also
     * called when a job is queued (upload, start): the scheduler runs its fixed-delay tasks one after the other, so a
     * long risk or duplicate sweep would otherwise hold a queued job back until it ends.
     */
    @Scheduled(fixedDelayString = "${crm.imports.poll-interval:500ms}")
    void poll() {
        requested.set(true);
        if (!busy.compareAndSet(false, true)) {
            return; // the running loop looks again before it ends
        }
        // a platform thread: on JDK 25 a virtual thread can hang a fat jar's class loading (see the services' threads)
        Thread.ofPlatform().daemon().name("import-runner").start(() -> {
            boolean failed = false;
            try {
                do {
                    requested.set(false);
                    Optional<UUID> job;
                    while ((job = claim()).isPresent()) {
                        run(job.get());
                    }
                } while (requested.get());
            } catch (RuntimeException e) {
                failed = true;
                log.warn("Import runner stopped: {}", e.toString());
            } finally {
                busy.set(false);
            }
            if (!failed && requested.get()) {
                poll(); // asked while this loop was ending
            }
        });
    }

    Optional<UUID> claim() {
        return transactions.execute(tx -> jobs.claim(owner, properties.lease()));
    }

    /** Applies chunks while this runner holds the job's lease and rows remain. */
    void run(UUID id) {
        try {
            while (Boolean.TRUE.equals(transactions.execute(tx -> chunk(id)))) {
                // next chunk
            }
        } catch (RuntimeException e) {
            log.warn("Import job {}: a chunk failed and was rolled back", id, e);
            int attempts = transactions.execute(tx -> jobs.failedAttempt(id, e.toString(), Duration.ofSeconds(5)));
            if (attempts >= MAX_ATTEMPTS) {
                transactions.executeWithoutResult(tx -> {
                    jobs.status(id, ImportStatus.FAILED, Instant.now());
                    jobs.dropStaged(id);
                });
            }
        }
    }

    /** @return whether more chunks may follow */
    private boolean chunk(UUID id) {
        ImportJob job = jobs.lock(id).orElse(null);
        if (job == null || job.status() != ImportStatus.RUNNING || !owner.equals(job.leaseOwner())) {
            return false; // cancelled, or taken over by another runner after this one's lease expired
        }
        List<ImportRepository.Staged> rows = jobs.staged(id, job.position(), job.chunkSize());
        if (rows.isEmpty()) {
            jobs.status(id, ImportStatus.COMPLETED, Instant.now());
            jobs.dropStaged(id);
            return false;
        }
        List<ImportRepository.Result> results = asActor(job.actor(), () -> apply(targets.of(job.object()), rows));
        Map<String, Integer> counts = new HashMap<>();
        results.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        jobs.progress(id, results, rows.getLast().lineNo(), counts, properties.lease());
        return true;
    }

    private <R> List<ImportRepository.Result> apply(ImportTarget<R> target, List<ImportRepository.Staged> rows) {
        ImportRepository.Result[] results = new ImportRepository.Result[rows.size()];
        List<JsonNode> items = new ArrayList<>(rows.size());
        List<Integer> positions = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ImportRepository.Staged row = rows.get(i);
            if (row.problem() != null) {
                results[i] = unreadable(row.lineNo(), row.problem());
                continue;
            }
            try {
                items.add(json.readTree(row.document()));
                positions.add(i);
            } catch (JacksonException e) {
                results[i] = unreadable(row.lineNo(), "not a JSON object: " + e.getOriginalMessage());
            }
        }
        List<ItemResult<R>> applied = items.isEmpty() ? List.of() : target.apply(items, CrmActor.current());
        if (applied.size() != items.size()) {
            throw new IllegalStateException(
                    target.object() + ": " + applied.size() + " results for " + items.size() + " items");
        }
        for (int k = 0; k < applied.size(); k++) {
            int i = positions.get(k);
            results[i] = result(target, rows.get(i).lineNo(), applied.get(k));
        }
        return List.of(results);
    }

    private static <R> ImportRepository.Result result(ImportTarget<R> target, int lineNo, ItemResult<R> item) {
        String outcome = target.outcome(item.status()).name();
        if (item.result() == null) {
            return new ImportRepository.Result(lineNo, outcome, null, null, null, item.problem());
        }
        ImportTarget.Applied applied = target.applied(item.result());
        return new ImportRepository.Result(
                lineNo, outcome, applied.id(), applied.source(), applied.externalId(), item.problem());
    }

    private static ImportRepository.Result unreadable(int lineNo, String problem) {
        return new ImportRepository.Result(
                lineNo,
                ImportOutcome.REJECTED.name(),
                null,
                null,
                null,
                new ItemProblem(
                        400,
                        "urn:crm:problem:validation",
                        "Unreadable row",
                        problem,
                        List.of(new FieldViolation("$", ErrorCode.INVALID_FORMAT, problem))));
    }

    /**
     * Runs as the job's creator: the same visibility, assignment rules and event actor as their batch requests. The
     * token is rebuilt from what was stored when they created the job (never a credential: nothing leaves the
     * service with it).
     */
    private <T> T asActor(ImportJob.Actor actor, java.util.function.Supplier<T> work) {
        Jwt.Builder token = Jwt.withTokenValue("import-job")
                .header("alg", "none")
                .subject(actor.id())
                .claim("scope", String.join(" ", actor.scopes()));
        if (actor.kind() == CrmActor.Kind.USER) {
            token.claim(CrmActor.ROLE_CLAIM, actor.role().toLowerCase(Locale.ROOT));
            if (actor.team() != null) {
                token.claim(CrmActor.TEAM_CLAIM, actor.team());
            }
        } else {
            token.claim("client_id", actor.id());
        }
        var authorities = actor.scopes().stream()
                .map(s -> new SimpleGrantedAuthority("SCOPE_" + s))
                .toList();
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new JwtAuthenticationToken(token.build(), authorities));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
