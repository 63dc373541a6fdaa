package com.crm.loyalty.expiry;

import com.crm.contracts.events.loyalty.PointsExpired;
import com.crm.loyalty.LoyaltyProperties;
import com.crm.loyalty.expiry.ExpiryRepository.Expired;
import com.crm.support.outbox.EventOutbox;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expires lots past their validity, set-based in batches of members (each batch one transaction): an
 * {@code EXPIRY} journal entry and a {@link PointsExpired} event per member. Members whose row another transaction
 * holds (a redemption) are left for the next round; replicas share the work the same way.
 */
@Service
public class Expiry {

    private static final Logger log = LoggerFactory.getLogger(Expiry.class);

    private final ExpiryRepository repository;
    private final EventOutbox outbox;
    private final TransactionTemplate transactions;
    private final LoyaltyProperties properties;
    private final Clock clock;

    Expiry(
            ExpiryRepository repository,
            EventOutbox outbox,
            TransactionTemplate transactions,
            LoyaltyProperties properties,
            Clock clock) {
        this.repository = repository;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${crm.loyalty.expiry-interval:PT1H}",
            initialDelayString = "${crm.loyalty.expiry-initial-delay:PT30S}")
    public void scheduled() {
        expireDue(clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    /** Expires every lot due at {@code now}, batch after batch. @return members whose points expired */
    public int expireDue(Instant now) {
        int total = 0;
        int batch;
        do {
            batch = transactions.execute(tx -> expireBatch(now));
            total += batch;
        } while (batch > 0 && batch >= properties.expiryBatchSize());
        if (total > 0) {
            log.info("Expired points of {} members", total);
        }
        return total;
    }

    private int expireBatch(Instant now) {
        List<Expired> expired =
                repository.expire(repository.lockMembersWithDueLots(now, properties.expiryBatchSize()), now);
        outbox.appendAll(expired.stream()
                .map(e -> new PointsExpired(e.customerId(), e.memberId(), e.entryId(), e.points(), e.balance(), now))
                .toList());
        return expired.size();
    }
}
