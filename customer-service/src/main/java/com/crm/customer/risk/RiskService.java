package com.crm.customer.risk;

import com.crm.contracts.events.customer.CustomerRiskCleared;
import com.crm.contracts.events.customer.CustomerRiskConfirmed;
import com.crm.customer.profile.CustomerAccess;
import com.crm.customer.profile.CustomerRemoved;
import com.crm.customer.profile.CustomerSaved;
import com.crm.customer.profile.CustomerService;
import com.crm.customer.profile.CustomerView;
import com.crm.customer.profile.CustomersMerged;
import com.crm.customer.profile.CustomersSaved;
import com.crm.customer.purchase.PurchasesRecorded;
import com.crm.customer.risk.model.RiskFacts;
import com.crm.customer.risk.model.RiskModel;
import com.crm.customer.risk.model.RiskSettings;
import com.crm.support.audit.AuditTrail;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.security.CrmActor;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Risk scores and their reviews. A purchase, a refund or a profile change marks the customer (and the profiles
 * sharing its identifiers) dirty in the same transaction; {@link #sweep()} rescores dirty customers in batches, set
 * based, and opens a review when a score reaches the threshold, unless a reviewer already cleared the same evidence.
 */
@Service
class RiskService {

    enum Decision {
        CONFIRMED,
        CLEARED
    }

    record SignalView(String kind, double strength, double weight, double contribution, String reason) {}

    record ReviewRef(UUID id, String status, Instant decidedAt, String decidedBy) {}

    record CustomerRisk(
            UUID customerId,
            double score,
            boolean flagged,
            List<SignalView> signals,
            Instant computedAt,
            ReviewRef review) {}

    record ReviewView(
            UUID id,
            UUID customerId,
            String customerName,
            String status,
            double score,
            List<SignalView> signals,
            Instant openedAt,
            Instant updatedAt,
            Instant decidedAt,
            String decidedBy,
            String note) {

        static ReviewView of(RiskRepository.Review r) {
            return new ReviewView(
                    r.id(),
                    r.customerId(),
                    r.displayName(),
                    r.status(),
                    r.score().doubleValue(),
                    r.signals().stream()
                            .map(s -> new SignalView(s.kind(), s.strength(), s.weight(), s.contribution(), s.reason()))
                            .toList(),
                    r.openedAt(),
                    r.updatedAt(),
                    r.decidedAt(),
                    r.decidedBy(),
                    r.note());
        }
    }

    record RiskRunView(UUID id, String status, Instant requestedAt, String requestedBy, long queued, long remaining) {}

    private static final Logger log = LoggerFactory.getLogger(RiskService.class);

    private final RiskRepository risks;
    private final RiskProperties properties;
    private final RiskSettings settings;
    private final CustomerAccess access;
    private final CustomerService customers;
    private final EventOutbox outbox;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RiskService(
            RiskRepository risks,
            RiskProperties properties,
            CustomerAccess access,
            CustomerService customers,
            EventOutbox outbox,
            AuditTrail audit,
            TransactionTemplate transactions,
            Clock clock) {
        this.risks = risks;
        this.properties = properties;
        this.settings = properties.settings();
        this.access = access;
        this.customers = customers;
        this.outbox = outbox;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    // ---- marks -------------------------------------------------------------------------------------------------

    @EventListener
    void onSaved(CustomerSaved saved) {
        risks.markDirtyWithPeers(List.of(saved.customer().id()), now(), properties.peerLimit());
    }

    /** New customers saved set-based (batch sync, import jobs): one statement marks them all. */
    @EventListener
    void onSavedAll(CustomersSaved saved) {
        risks.markDirtyWithPeers(
                saved.customers().stream().map(CustomerView::id).toList(), now(), properties.peerLimit());
    }

    @EventListener
    void onPurchases(PurchasesRecorded recorded) {
        risks.markDirty(recorded.customerIds(), now());
    }

    @EventListener
    void onMerged(CustomersMerged merged) {
        risks.merged(merged.survivorId(), merged.mergedIds());
        risks.markDirty(List.of(merged.survivorId()), now());
    }

    @EventListener
    void onRemoved(CustomerRemoved removed) {
        risks.removed(removed.customerId());
    }

    // ---- scoring -----------------------------------------------------------------------------------------------

    /** Rescores dirty customers, a batch per transaction, until none is left. */
    @Scheduled(fixedDelayString = "${crm.risk.sweep-interval:1s}")
    public void sweep() {
        Integer done;
        do {
            done = transactions.execute(tx -> {
                List<UUID> batch = risks.takeDirty(properties.batchSize());
                if (!batch.isEmpty()) {
                    score(batch);
                }
                return batch.size();
            });
        } while (done != null && done == properties.batchSize());
    }

    /** Scores the batch, stores the scores and opens or refreshes reviews; customers no longer live lose theirs. */
    void score(List<UUID> batch) {
        Instant now = now();
        Map<UUID, RiskFacts> facts = facts(batch, now);
        Map<UUID, RiskModel.Assessment> scores = new LinkedHashMap<>();
        facts.forEach((id, f) -> scores.put(id, RiskModel.assess(f, settings)));
        Set<UUID> gone = new HashSet<>(batch);
        gone.removeAll(scores.keySet());
        risks.deleteScores(gone);
        risks.saveScores(scores, now);
        Map<UUID, RiskRepository.Review> open = risks.openReviews(scores.keySet());
        Map<UUID, RiskModel.Assessment> refresh = new HashMap<>();
        Map<UUID, RiskModel.Assessment> flagged = new HashMap<>();
        scores.forEach((id, a) -> {
            if (open.containsKey(id)) {
                refresh.put(id, a);
            } else if (a.reaches(settings.reviewThreshold())) {
                flagged.put(id, a);
            }
        });
        Map<UUID, RiskRepository.Review> decided = risks.latestDecided(flagged.keySet());
        Map<UUID, RiskModel.Assessment> toOpen = new HashMap<>();
        flagged.forEach((id, a) -> {
            if (opensReview(a, decided.get(id))) {
                toOpen.put(id, a);
            }
        });
        risks.refreshOpen(refresh, now);
        risks.openAll(toOpen, now);
        if (!toOpen.isEmpty()) {
            log.info("Risk: {} reviews opened of {} customers scored", toOpen.size(), scores.size());
        }
    }

    /**
     * Whether a score at the threshold opens a review: not for a confirmed fraud (nothing to review), not for a
     * customer cleared on the same evidence or weaker, yes for anyone else.
     */
    static boolean opensReview(RiskModel.Assessment a, RiskRepository.Review lastDecided) {
        if (lastDecided == null) {
            return true;
        }
        if (Decision.CONFIRMED.name().equals(lastDecided.status())) {
            return false;
        }
        return RiskModel.isNewEvidence(a.evidence(), lastDecided.evidence());
    }

    private Map<UUID, RiskFacts> facts(List<UUID> ids, Instant now) {
        var windows = new RiskRepository.Windows(
                now,
                properties.lookBack(),
                properties.velocityWindow(),
                properties.burstWindow(),
                properties.baselineWindow(),
                properties.compensationWindow());
        return risks.facts(
                ids, windows, properties.deviceProperty(), properties.clusterCountLimit(), IdentifierMask::of);
    }

    // ---- API ---------------------------------------------------------------------------------------------------

    /** The customer's score computed now from the current data, with its latest review. */
    @Transactional(readOnly = true)
    CustomerRisk of(UUID customerId) {
        access.requireVisible(customerId);
        UUID live = customers.liveCustomerId(customerId);
        Instant now = now();
        RiskFacts facts = facts(List.of(live), now).get(live);
        if (facts == null) {
            throw ApiException.notFound("Customer", customerId);
        }
        RiskModel.Assessment a = RiskModel.assess(facts, settings);
        ReviewRef review = risks.latestOf(live)
                .map(r -> new ReviewRef(r.id(), r.status(), r.decidedAt(), r.decidedBy()))
                .orElse(null);
        return new CustomerRisk(live, a.score(), a.reaches(settings.reviewThreshold()), signals(a), now, review);
    }

    @Transactional(readOnly = true)
    CursorPage<ReviewView> queue(String status, String cursor, int limit) {
        KeysetCursor after = KeysetCursor.decode(cursor);
        BigDecimal afterScore = after == null ? null : ScoreCursor.score(after);
        return CursorPage.of(
                risks.queue(
                        status,
                        access.condition("c.owner_id", "c.team_id"),
                        afterScore,
                        after == null ? null : after.id(),
                        limit + 1),
                limit,
                r -> ScoreCursor.after(r.score(), r.id()).encode(),
                ReviewView::of);
    }

    @Transactional(readOnly = true)
    ReviewView review(UUID id) {
        return ReviewView.of(visibleReview(id));
    }

    /**
     * Records the decision; the same decision again changes nothing and answers the same (a retry). The other
     * decision on a decided review is a correction (a confirmation undone, or a clearance revised), published too.
     */
    @Transactional
    ReviewView decide(UUID id, Decision decision, String note) {
        RiskRepository.Review review = visibleReview(id);
        String status = risks.lockStatus(id).orElseThrow(() -> ApiException.notFound("Risk review", id));
        if (decision.name().equals(status)) {
            return review(id);
        }
        CrmActor actor = CrmActor.current();
        Instant now = now();
        risks.decide(id, decision.name(), actor.id(), actor.kind().name(), note, now);
        String score = review.score().toPlainString();
        if (decision == Decision.CONFIRMED) {
            outbox.append(new CustomerRiskConfirmed(
                    review.customerId(),
                    id,
                    score,
                    review.signals().stream()
                            .map(RiskRepository.StoredSignal::kind)
                            .toList(),
                    now,
                    actor.ref()));
        } else {
            outbox.append(new CustomerRiskCleared(review.customerId(), id, score, now, actor.ref()));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("decision", decision.name());
        details.put("previousStatus", status);
        details.put("score", score);
        audit.record(
                "risk.review." + decision.name().toLowerCase(Locale.ROOT),
                "risk-review",
                id,
                review.customerId(),
                details);
        return review(id);
    }

    @Transactional
    RiskRunView startRun() {
        Instant now = now();
        UUID id = UUID.randomUUID();
        long queued = risks.markAllLive(now);
        risks.insertRun(id, now, CrmActor.currentIfAny().map(CrmActor::id).orElse(null), queued);
        return new RiskRunView(
                id, queued == 0 ? "DONE" : "RUNNING", now, CrmActor.current().id(), queued, queued);
    }

    @Transactional(readOnly = true)
    RiskRunView run(UUID id) {
        RiskRepository.Run run = risks.run(id).orElseThrow(() -> ApiException.notFound("Risk run", id));
        long remaining = Math.min(run.queued(), risks.dirtySince(run.requestedAt()));
        return new RiskRunView(
                run.id(),
                remaining == 0 ? "DONE" : "RUNNING",
                run.requestedAt(),
                run.requestedBy(),
                run.queued(),
                remaining);
    }

    private RiskRepository.Review visibleReview(UUID id) {
        return risks.review(id, access.condition("c.owner_id", "c.team_id"))
                .orElseThrow(() -> ApiException.notFound("Risk review", id));
    }

    private static List<SignalView> signals(RiskModel.Assessment a) {
        return a.signals().stream()
                .map(s -> new SignalView(s.kind().name(), s.strength(), s.weight(), s.contribution(), s.reason()))
                .toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
