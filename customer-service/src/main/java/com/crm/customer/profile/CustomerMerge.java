package com.crm.customer.profile;

import com.crm.customer.property.CustomProperties;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/**
 * Merges customers into a survivor: its profile takes the surviving values, it takes over their external
 * references, purchases and contact points, and the merged ids keep answering with the survivor.
 */
@Service
public class CustomerMerge {

    private final CustomerRepository customers;
    private final CustomerEvents events;
    private final CustomerAccess access;
    private final ApplicationEventPublisher publisher;
    private final CustomProperties customProperties;
    private final Clock clock;

    CustomerMerge(
            CustomerRepository customers,
            CustomerEvents events,
            CustomerAccess access,
            ApplicationEventPublisher publisher,
            CustomProperties customProperties,
            Clock clock) {
        this.customers = customers;
        this.events = events;
        this.access = access;
        this.publisher = publisher;
        this.customProperties = customProperties;
        this.clock = clock;
    }

    @Transactional
    public MergeResult merge(MergeRequest request) {
        Set<UUID> mergedIds = new LinkedHashSet<>(request.mergedIds());
        List<FieldViolation> errors = new ArrayList<>();
        if (mergedIds.contains(request.survivorId())) {
            errors.add(new FieldViolation(
                    "mergedIds", ErrorCode.CONFLICTING, "the survivor cannot be merged into itself"));
        }
        if (mergedIds.size() != request.mergedIds().size()) {
            errors.add(new FieldViolation("mergedIds", ErrorCode.DUPLICATE, "each id once"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        List<UUID> all = new ArrayList<>(mergedIds);
        all.add(request.survivorId());
        List<Customer> locked = customers.findAllForUpdate(all);
        for (UUID id : all) {
            Customer c = locked.stream()
                    .filter(x -> x.id().equals(id) && access.allows(x.profile()))
                    .findFirst()
                    .orElseThrow(() -> ApiException.notFound("Customer", id));
            if (!c.active()) {
                throw ApiException.conflict("Customer " + id + " is "
                        + c.status().name().toLowerCase(Locale.ROOT) + " and cannot take part in a merge");
            }
        }
        Customer survivor = locked.stream()
                .filter(c -> c.id().equals(request.survivorId()))
                .findFirst()
                .orElseThrow();
        List<Customer> merged =
                locked.stream().filter(c -> mergedIds.contains(c.id())).toList();
        ProfileMerger.Result result = ProfileMerger.merge(
                survivor, merged, request.fieldChoices() == null ? Map.of() : request.fieldChoices());

        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<ExternalReference> references = new ArrayList<>(survivor.externalReferences());
        merged.forEach(m -> references.addAll(m.externalReferences()));
        Customer after = new Customer(
                survivor.id(),
                result.profile(),
                List.copyOf(references),
                CustomerStatus.ACTIVE,
                null,
                survivor.createdAt(),
                now,
                null,
                survivor.version() + 1);
        List<UUID> ids = List.copyOf(mergedIds);
        if (Boolean.TRUE.equals(request.dryRun())) {
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
            return new MergeResult(true, CustomerView.of(after), ids, result.fieldSources());
        }
        for (Customer m : merged) {
            if (!customers.update(m.mergedInto(survivor.id(), now), m.version())) {
                throw ApiException.staleVersion(m.version());
            }
        }
        if (!customers.update(after, survivor.version())) {
            throw ApiException.staleVersion(survivor.version());
        }
        // the merged customers' unique values are released first: the survivor may take them over
        ids.forEach(customProperties::holdUniqueValues);
        customProperties.holdUniqueValues(survivor.id());
        customers.moveExternalReferences(ids, survivor.id());
        publisher.publishEvent(new CustomersMerged(survivor.id(), ids));
        events.merged(survivor, after, ids, now);
        return new MergeResult(false, CustomerView.of(after), ids, result.fieldSources());
    }
}
