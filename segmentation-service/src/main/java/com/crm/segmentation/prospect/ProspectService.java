package com.crm.segmentation.prospect;

import com.crm.contracts.events.segmentation.ProspectPriorityChanged;
import com.crm.segmentation.access.CustomerAccess;
import com.crm.segmentation.metrics.CustomerChangeListener;
import com.crm.segmentation.metrics.MetricsRepository;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the prospect list: every active customer without a purchase, scored for need and ability after each event
 * about them (inside the consumer's transaction) and on every full run (signals age out of the window). A move
 * between priorities emits {@code crm.prospect.priority-changed}; the first purchase converts the prospect (kept,
 * with its last priority, for the conversion report).
 */
@Service
public class ProspectService implements CustomerChangeListener {

    public record Prospect(
            UUID customerId,
            int priority,
            String quadrant,
            double needScore,
            double abilityScore,
            List<String> reasons,
            String ownerId,
            String source,
            Instant since,
            Instant updatedAt,
            Instant convertedAt) {}

    /** A position in the list ordered by priority then customer id. */
    record After(int priority, UUID customerId) {

        /**
         * The platform's one cursor format orders by (instant, id): the priority rides as epoch seconds, so
         * clients page prospects with the same opaque cursor as every other list.
         */
        KeysetCursor cursor() {
            return new KeysetCursor(Instant.ofEpochSecond(priority), customerId);
        }

        /** @return null without a cursor; a cursor of another list is a 400 naming {@code cursor} */
        static After of(KeysetCursor cursor) {
            if (cursor == null) {
                return null;
            }
            long priority = cursor.at().getEpochSecond();
            if (priority < 1 || priority > 4 || cursor.at().getNano() != 0) {
                throw ApiException.invalid(
                        KeysetCursor.PARAMETER,
                        ErrorCode.INVALID_CURSOR,
                        "not a cursor this API issued; pass back nextCursor unchanged");
            }
            return new After((int) priority, cursor.id());
        }
    }

    private final ProspectRepository repository;
    private final MetricsRepository metrics;
    private final EventOutbox outbox;
    private final ProspectProperties properties;
    private final ProspectScoring scoring;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final CustomerAccess access;

    ProspectService(
            ProspectRepository repository,
            EventOutbox outbox,
            ProspectProperties properties,
            Clock clock,
            TransactionTemplate transactions,
            CustomerAccess access,
            MetricsRepository metrics) {
        this.access = access;
        this.metrics = metrics;
        this.repository = repository;
        this.outbox = outbox;
        this.properties = properties;
        this.scoring = new ProspectScoring(properties);
        this.clock = clock;
        this.transactions = transactions;
    }

    public static String quadrant(int priority) {
        return switch (priority) {
            case 1 -> "NEED_AND_ABILITY";
            case 2 -> "ABILITY_NO_EXPRESSED_NEED";
            case 3 -> "NEED_WITHOUT_ABILITY";
            default -> "NEITHER";
        };
    }

    /**
     * Re-scores the customers set-based: statuses, prospect rows, purchases, signals and profiles read with one
     * query each, scored in memory, written back with one statement per change and their events in one batch. Per
     * customer the outcome is the one of scoring them alone.
     */
    @Override
    public void changed(List<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<UUID, String> statuses = metrics.statuses(customerIds);
        Map<UUID, Prospect> current = repository.findAll(customerIds);
        Set<UUID> purchased = repository.purchased(customerIds);
        List<UUID> gone = new ArrayList<>();
        List<UUID> converted = new ArrayList<>();
        List<UUID> toScore = new ArrayList<>();
        List<ProspectPriorityChanged> events = new ArrayList<>();
        for (UUID id : customerIds) {
            Prospect p = current.get(id);
            if (!"ACTIVE".equals(statuses.get(id))) {
                gone.add(id);
            } else if (purchased.contains(id)) {
                if (p != null && p.convertedAt() == null) {
                    converted.add(id);
                    events.add(new ProspectPriorityChanged(
                            id,
                            p.priority(),
                            null,
                            score(p.needScore()),
                            score(p.abilityScore()),
                            List.of("converted: first purchase"),
                            true,
                            now));
                }
            } else if (p == null || p.convertedAt() == null) {
                // a refunded first purchase does not make a converted customer a prospect again
                toScore.add(id);
            }
        }
        repository.deleteOpen(gone);
        repository.markConverted(converted, now);
        events.addAll(score(toScore, current, now));
        if (!events.isEmpty()) {
            outbox.appendAll(events);
        }
    }

    /** Scores open prospects and new ones, stores them; @return their priority changes */
    private List<ProspectPriorityChanged> score(List<UUID> ids, Map<UUID, Prospect> current, Instant now) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Instant since = now.minus(Duration.ofDays(properties.signalWindowDays()));
        Map<UUID, ProspectScoring.Signals> signals =
                repository.signals(ids, since, properties.need().inquiryTypes());
        Map<UUID, ProspectScoring.Profile> profiles = repository.profiles(ids);
        List<ProspectRepository.Scored> scored = new ArrayList<>(ids.size());
        List<ProspectPriorityChanged> events = new ArrayList<>();
        for (UUID id : ids) {
            ProspectScoring.Profile profile = profiles.get(id);
            ProspectScoring.Result result = scoring.score(signals.get(id), profile);
            scored.add(new ProspectRepository.Scored(id, result, profile.ownerId(), source(profile.tags())));
            Prospect p = current.get(id);
            if (p == null || p.priority() != result.priority()) {
                events.add(new ProspectPriorityChanged(
                        id,
                        p == null ? null : p.priority(),
                        result.priority(),
                        score(result.need()),
                        score(result.ability()),
                        result.reasons(),
                        false,
                        now));
            }
        }
        repository.upsertAll(scored, now);
        return events;
    }

    /** Re-scores every open prospect and every active customer without a purchase (a full run). */
    public int refreshAll() {
        List<UUID> ids = repository.toRefresh();
        for (int from = 0; from < ids.size(); from += 500) {
            List<UUID> batch = ids.subList(from, Math.min(ids.size(), from + 500));
            transactions.executeWithoutResult(tx -> changed(batch));
        }
        return ids.size();
    }

    private String source(List<String> tags) {
        String prefix = properties.sourceTagPrefix();
        if (tags != null && !prefix.isEmpty()) {
            for (String tag : tags) {
                if (tag.regionMatches(true, 0, prefix, 0, prefix.length()) && tag.length() > prefix.length()) {
                    String value = tag.substring(prefix.length()).strip();
                    return value.length() > 64 ? value.substring(0, 64) : value;
                }
            }
        }
        return "unknown";
    }

    public Optional<Prospect> find(UUID customerId) {
        return repository.find(customerId);
    }

    /** One prospect; 404 as for a customer who is not a prospect when outside the caller's visibility. */
    public Prospect get(UUID customerId) {
        return find(customerId)
                .filter(p -> access.visible(customerId))
                .orElseThrow(() -> ApiException.notFound("prospect", customerId));
    }

    /** A page of open prospects by priority then id, after {@code after} when given. */
    CursorPage<Prospect> list(Integer priority, String ownerId, String source, After after, int limit) {
        return CursorPage.of(
                repository.list(priority, ownerId, source, after, limit + 1, access.condition("p.customer_id")),
                limit,
                last -> new After(last.priority(), last.customerId()).cursor().encode(),
                p -> p);
    }

    public record ConversionRow(String group, long prospects, long converted, String rate) {}

    public record ConversionReport(
            LocalDate from,
            LocalDate to,
            String source,
            List<ConversionRow> byPriority,
            List<ConversionRow> bySource) {}

    /**
     * Prospects open at any time in {@code [from, to]} (UTC days) and how many made their first purchase in it, by
     * the priority they had (at conversion, or now) and by source; {@code source} (optional) narrows to one source.
     */
    public ConversionReport conversion(LocalDate from, LocalDate to, String source) {
        // counts only the prospects the caller sees: a count of hidden ones would reveal them
        List<List<ConversionRow>> rows = repository.conversion(from, to, source, access.condition("customer_id"));
        return new ConversionReport(from, to, source, rows.get(0), rows.get(1));
    }

    private static String score(double v) {
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).toPlainString();
    }
}
