package com.crm.customer.dedup;

import com.crm.support.problem.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A full duplicate scan over every live customer, in the background, a page at a time. One scan at a time per
 * instance; the state is this instance's (run scans from one instance, e.g. a CronJob calling the endpoint).
 */
@Component
class DuplicateScan {

    record Status(
            String state, Instant startedAt, Instant finishedAt, long scanned, long candidatesFound, String error) {
        static final Status IDLE = new Status("IDLE", null, null, 0, 0, null);
    }

    private static final Logger log = LoggerFactory.getLogger(DuplicateScan.class);
    private static final int PAGE = 500;

    private final DuplicateRepository duplicates;
    private final DuplicateDetector detector;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final AtomicReference<Status> status = new AtomicReference<>(Status.IDLE);

    DuplicateScan(
            DuplicateRepository duplicates, DuplicateDetector detector, TransactionTemplate transactions, Clock clock) {
        this.duplicates = duplicates;
        this.detector = detector;
        this.transactions = transactions;
        this.clock = clock;
    }

    Status status() {
        return status.get();
    }

    Status start() {
        Status current = status.get();
        Status running = new Status("RUNNING", clock.instant(), null, 0, 0, null);
        if ("RUNNING".equals(current.state()) || !status.compareAndSet(current, running)) {
            throw ApiException.conflict("A duplicate scan is already running since " + current.startedAt());
        }
        Thread.ofVirtual().name("duplicate-scan").start(this::run);
        return running;
    }

    private void run() {
        long scanned = 0;
        long found = 0;
        Instant afterAt = null;
        UUID afterId = null;
        try {
            while (true) {
                var page = duplicates.page(afterId, afterAt, PAGE);
                for (var customer : page) {
                    Integer recorded = transactions.execute(
                            tx -> detector.detect(customer.id(), customer.facts(), customer.familyName()));
                    found += recorded == null ? 0 : recorded;
                    scanned++;
                }
                Status started = status.get();
                status.set(new Status("RUNNING", started.startedAt(), null, scanned, found, null));
                if (page.size() < PAGE) {
                    break;
                }
                afterAt = page.getLast().createdAt();
                afterId = page.getLast().id();
            }
            status.set(new Status("DONE", status.get().startedAt(), clock.instant(), scanned, found, null));
        } catch (RuntimeException e) {
            log.error("Duplicate scan failed after {} customers", scanned, e);
            status.set(new Status("FAILED", status.get().startedAt(), clock.instant(), scanned, found, e.toString()));
        }
    }
}
