package com.crm.customer.quality;

import com.crm.customer.profile.CustomerAccess;
import com.crm.customer.profile.CustomerRemoved;
import com.crm.customer.profile.CustomerSaved;
import com.crm.customer.profile.CustomerService;
import com.crm.customer.profile.CustomerView;
import com.crm.customer.profile.CustomersSaved;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Keeps every live customer's data quality assessment current and reports on it. */
@Service
public class DataQualityService {

    public record Report(
            Instant asOf,
            int customers,
            Double averageScore,
            int withIssues,
            Map<String, Integer> byIssue,
            long suspectedDuplicates,
            List<DataQualityRepository.Day> trend) {}

    private static final Logger log = LoggerFactory.getLogger(DataQualityService.class);

    private final DataQualityRepository quality;
    private final CustomerService customers;
    private final CustomerAccess access;
    private final TransactionTemplate transactions;
    private final Clock clock;

    DataQualityService(
            DataQualityRepository quality,
            CustomerService customers,
            CustomerAccess access,
            TransactionTemplate transactions,
            Clock clock) {
        this.quality = quality;
        this.customers = customers;
        this.access = access;
        this.transactions = transactions;
        this.clock = clock;
    }

    @EventListener
    void onSaved(CustomerSaved saved) {
        assessAndStore(saved.customer());
    }

    @EventListener
    void onSavedAll(CustomersSaved saved) {
        LocalDate today = today();
        Instant at = clock.instant();
        quality.saveAll(
                saved.customers().stream()
                        .map(c -> Map.entry(c.id(), DataQualityRules.assess(c, today)))
                        .toList(),
                at);
    }

    @EventListener
    void onRemoved(CustomerRemoved removed) {
        quality.delete(removed.customerId());
    }

    /** Customers stored before assessments existed are assessed once the service is up. */
    @EventListener(ApplicationReadyEvent.class)
    void backfill() {
        Thread.ofVirtual().name("data-quality-backfill").start(() -> {
            int done = 0;
            try {
                List<UUID> page;
                while (!(page = quality.unassessed(500)).isEmpty()) {
                    for (UUID id : page) {
                        transactions.executeWithoutResult(tx -> assessAndStore(customers.get(id)));
                    }
                    done += page.size();
                }
                if (done > 0) {
                    log.info("Assessed the data quality of {} customers stored before", done);
                }
            } catch (RuntimeException e) {
                log.warn("Data quality backfill stopped after {} customers: {}", done, e.toString());
            }
        });
    }

    @Transactional(readOnly = true)
    public DataQualityRepository.Stored forCustomer(UUID id) {
        CustomerView customer = customers.get(id);
        return quality.find(customer.id()).orElseGet(() -> {
            var a = DataQualityRules.assess(customer, today());
            return new DataQualityRepository.Stored(
                    customer.id(),
                    customer.displayName(),
                    a.score(),
                    a.completeness(),
                    a.validity(),
                    a.issues(),
                    clock.instant());
        });
    }

    @Transactional(readOnly = true)
    public CursorPage<DataQualityRepository.Stored> list(
            String issue, Integer minScore, Integer maxScore, String cursor, int limit) {
        KeysetCursor after = KeysetCursor.decode(cursor);
        return CursorPage.of(
                quality.list(
                        issue,
                        minScore,
                        maxScore,
                        access.condition("c.owner_id", "c.team_id"),
                        after == null ? null : score(after),
                        after == null ? null : after.id(),
                        limit + 1),
                limit,
                last -> new KeysetCursor(Instant.EPOCH.plus(last.score(), ChronoUnit.MICROS), last.customerId())
                        .encode(),
                s -> s);
    }

    /** The list is ordered by (score, id): the platform's cursor carries the score as its position, in micros. */
    private static int score(KeysetCursor after) {
        try {
            return Math.toIntExact(ChronoUnit.MICROS.between(Instant.EPOCH, after.at()));
        } catch (ArithmeticException e) {
            throw ApiException.invalid(
                    KeysetCursor.PARAMETER,
                    ErrorCode.INVALID_CURSOR,
                    "not a cursor this API issued; pass back nextCursor unchanged");
        }
    }

    /** Today's figures (recorded as today's point of the trend) and the daily trend since {@code since}. */
    @Transactional
    public Report report(LocalDate since) {
        access.requireAll("the data quality report");
        var today = quality.today(today());
        quality.saveDay(today, clock.instant());
        List<DataQualityRepository.Day> trend = new ArrayList<>(quality.days(since));
        return new Report(
                clock.instant(),
                today.customers(),
                today.averageScore(),
                today.withIssues(),
                today.byIssue(),
                quality.openDuplicateCandidates(),
                trend);
    }

    /** One point a day for the trend, even on days nobody asks for the report. */
    @Scheduled(cron = "${crm.data-quality.snapshot-cron:0 5 * * * *}", zone = "UTC")
    @Transactional
    public void snapshotToday() {
        quality.saveDay(quality.today(today()), clock.instant());
    }

    private void assessAndStore(CustomerView customer) {
        quality.save(customer.id(), DataQualityRules.assess(customer, today()), clock.instant());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
