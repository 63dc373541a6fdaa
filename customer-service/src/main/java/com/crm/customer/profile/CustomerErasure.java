package com.crm.customer.profile;

import com.crm.customer.property.CustomProperties;
import com.crm.support.problem.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * GDPR erasure: the personal data of a customer (and of every customer merged into it) is overwritten for good;
 * only the type, the timestamps and the external references (so that a later ERP upsert cannot silently bring
 * the person back) remain; purchases stay as anonymous amounts. {@code crm.customer.erased} tells every other
 * service to purge too.
 */
@Service
public class CustomerErasure {

    public record Erased(UUID customerId, List<UUID> alsoErased, Instant erasedAt) {}

    private final CustomerRepository customers;
    private final CustomerEvents events;
    private final CustomerAccess access;
    private final PersonalDataCopyRepository copies;
    private final CustomProperties customProperties;
    private final Clock clock;

    CustomerErasure(
            CustomerRepository customers,
            CustomerEvents events,
            CustomerAccess access,
            PersonalDataCopyRepository copies,
            CustomProperties customProperties,
            Clock clock) {
        this.customers = customers;
        this.events = events;
        this.access = access;
        this.copies = copies;
        this.customProperties = customProperties;
        this.clock = clock;
    }

    /** Erasing again is a no-op that answers the same, so the call is safe to retry. */
    @Transactional
    public Erased erase(UUID id) {
        Customer customer = customers
                .findForUpdate(id)
                .filter(c -> c.status() == CustomerStatus.MERGED || access.allows(c.profile()))
                .orElseThrow(() -> ApiException.notFound("Customer", id));
        if (customer.status() == CustomerStatus.MERGED) {
            access.requireVisible(id);
            throw ApiException.conflict("Customer " + id + " was merged into " + customer.mergedInto()
                    + "; erase that customer, which erases this one too");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<UUID> others = new ArrayList<>();
        collectMerged(id, others);
        for (UUID target : concat(id, others)) {
            Customer c = customers.findForUpdate(target).orElseThrow();
            if (c.status() == CustomerStatus.ERASED) {
                continue;
            }
            Customer erased = c.erased(anonymous(c.profile()), now);
            customers.update(erased, c.version());
            customProperties.holdUniqueValues(target);
            // erasure outranks delivering its earlier events; the erased event that follows is delivered
            copies.purge(target);
            events.erased(target, now);
        }
        return new Erased(id, others, now);
    }

    private void collectMerged(UUID survivor, List<UUID> into) {
        for (UUID merged : customers.findMergedInto(survivor)) {
            into.add(merged);
            collectMerged(merged, into);
        }
    }

    private static List<UUID> concat(UUID first, List<UUID> rest) {
        List<UUID> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static Profile anonymous(Profile p) {
        return new Profile(
                p.type(),
                "Erased customer",
                null,
                null,
                List.of(),
                List.of(),
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                null,
                // the team stays: it is the organisation's, not the customer's, and keeps the record's visibility
                p.teamId(),
                Map.of(),
                Map.of(),
                Map.of());
    }
}
