package com.crm.customer.dedup;

import com.crm.customer.profile.CustomerRemoved;
import com.crm.customer.profile.CustomerSaved;
import com.crm.customer.profile.CustomerView;
import com.crm.customer.profile.CustomersMerged;
import com.crm.customer.profile.Phone;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Finds duplicate candidates of a customer whenever it is saved, in the same transaction. */
@Component
class DuplicateDetector {

    private final DuplicateRepository duplicates;
    private final DuplicateProperties properties;
    private final Clock clock;

    DuplicateDetector(DuplicateRepository duplicates, DuplicateProperties properties, Clock clock) {
        this.duplicates = duplicates;
        this.properties = properties;
        this.clock = clock;
    }

    @EventListener
    void onSaved(CustomerSaved saved) {
        CustomerView c = saved.customer();
        var facts = new DuplicateScoring.Facts(c.type().name(), c.displayName(),
                c.emails().stream().map(e -> e.address().toLowerCase(Locale.ROOT)).collect(Collectors.toSet()),
                new HashSet<>(c.phones().stream().map(Phone::number).toList()), c.company(), c.birthday(), c.region());
        detect(c.id(), facts, c.familyName());
    }

    @EventListener
    void onMerged(CustomersMerged merged) {
        duplicates.markMerged(merged.survivorId(), merged.mergedIds());
    }

    @EventListener
    void onRemoved(CustomerRemoved removed) {
        duplicates.clearOpen(removed.customerId());
    }

    /** @return how many candidates were recorded */
    int detect(UUID id, DuplicateScoring.Facts facts, String familyName) {
        duplicates.clearOpen(id);
        int found = 0;
        for (var other : duplicates.lookalikes(id, facts, familyName, properties.maxLookups())) {
            var score = DuplicateScoring.score(facts, other.facts());
            if (score.value() >= properties.threshold()) {
                duplicates.record(id, other.id(), score, clock.instant());
                found++;
            }
        }
        return found;
    }
}
