package com.crm.customer.purchase;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.events.purchase.PurchaseLine;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.purchase.PurchaseRefunded;
import com.crm.customer.profile.CustomerAccess;
import com.crm.customer.profile.CustomerService;
import com.crm.customer.profile.CustomersMerged;
import com.crm.support.batch.BatchResponse;
import com.crm.support.json.JsonBinder;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** The purchase ledger: each (source, erpId) is recorded once, with its event, in one transaction. */
@Service
public class PurchaseService {

    /** What recording did: a new entry, or the same one again. */
    public enum RecordStatus {
        CREATED,
        UNCHANGED
    }

    public record RecordOutcome(RecordStatus status, PurchaseView purchase) {}

    private final PurchaseRepository purchases;
    private final CustomerService customers;
    private final CustomerAccess access;
    private final EventOutbox outbox;
    private final JsonBinder binder;
    private final ApplicationEventPublisher internal;
    private final Clock clock;

    PurchaseService(
            PurchaseRepository purchases,
            CustomerService customers,
            CustomerAccess access,
            EventOutbox outbox,
            JsonBinder binder,
            ApplicationEventPublisher internal,
            Clock clock) {
        this.purchases = purchases;
        this.customers = customers;
        this.access = access;
        this.outbox = outbox;
        this.binder = binder;
        this.internal = internal;
        this.clock = clock;
    }

    @Transactional
    public RecordOutcome record(JsonNode document) {
        if (!document.isObject()) {
            throw ApiException.invalid("$", ErrorCode.TYPE_MISMATCH, "a purchase is a JSON object");
        }
        Purchase purchase = binder.bind(document, PurchaseInput.class, this::toPurchase);
        if (!purchases.insert(purchase)) {
            Purchase existing = purchases
                    .findBySourceId(purchase.source(), purchase.erpId())
                    .orElseThrow();
            if (!existing.sameAs(purchase)) {
                throw ApiException.conflict("Purchase " + purchase.source() + "/" + purchase.erpId()
                        + " is already recorded with other data; record a refund or a new purchase instead");
            }
            return new RecordOutcome(RecordStatus.UNCHANGED, PurchaseView.of(existing));
        }
        outbox.append(event(purchase));
        internal.publishEvent(new PurchasesRecorded(Set.of(purchase.customerId())));
        return new RecordOutcome(RecordStatus.CREATED, PurchaseView.of(purchase));
    }

    @Transactional(readOnly = true)
    public PurchaseView get(UUID id) {
        return PurchaseView.of(purchases
                .find(id, access.condition("c.owner_id", "c.team_id"))
                .orElseThrow(() -> ApiException.notFound("Purchase", id)));
    }

    @Transactional(readOnly = true)
    public CursorPage<PurchaseView> list(UUID customerId, Instant from, Instant to, String cursor, int limit) {
        KeysetCursor after = KeysetCursor.decode(cursor);
        return CursorPage.of(
                purchases.list(customerId, access.condition("c.owner_id", "c.team_id"), from, to, after, limit + 1),
                limit,
                p -> new KeysetCursor(p.occurredAt(), p.id()).encode(),
                PurchaseView::of);
    }

    /** Every purchase of a customer, oldest first (for exports). */
    @Transactional(readOnly = true)
    public List<PurchaseView> all(UUID customerId) {
        return purchases.all(customerId).stream().map(PurchaseView::of).toList();
    }

    /** Purchases follow their customer into the survivor of a merge, in the merge's transaction. */
    @EventListener
    void onMerge(CustomersMerged merged) {
        purchases.moveToCustomer(merged.mergedIds(), merged.survivorId());
    }

    /**
     * Records a batch set-based: items are validated one by one (a bad one is rejected alone), then customers are
     * resolved, purchases inserted and their events written with one statement each for the whole batch.
     */
    @Transactional
    public BatchResponse<PurchaseView> recordAll(List<JsonNode> documents) {
        int size = documents.size();
        List<BatchResponse.ItemResult<PurchaseView>> results = new ArrayList<>(Collections.nCopies(size, null));
        PurchaseInput[] inputs = new PurchaseInput[size];
        for (int i = 0; i < size; i++) {
            try {
                JsonNode document = documents.get(i);
                if (!document.isObject()) {
                    throw ApiException.invalid("$", ErrorCode.TYPE_MISMATCH, "a purchase is a JSON object");
                }
                inputs[i] = binder.bind(document, PurchaseInput.class, in -> {
                    checkRules(in);
                    return in;
                });
            } catch (ApiException e) {
                results.set(i, BatchResponse.rejected(i, e));
            }
        }
        var byId = customers.activeCustomerIds(Arrays.stream(inputs)
                .filter(in -> in != null && in.customerId() != null)
                .map(PurchaseInput::customerId)
                .collect(Collectors.toSet()));
        var byReference = customers.activeCustomerIdsByReference(Arrays.stream(inputs)
                .filter(in -> in != null && in.customerRef() != null)
                .map(PurchaseInput::customerRef)
                .collect(Collectors.toSet()));
        Purchase[] drafts = new Purchase[size];
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (int i = 0; i < size; i++) {
            PurchaseInput in = inputs[i];
            if (in == null) {
                continue;
            }
            try {
                UUID customerId = in.customerId() != null
                        ? (byId.contains(in.customerId()) ? in.customerId() : null)
                        : byReference.get(in.customerRef());
                // not active: follow a merge, or say precisely why not, one by one (rare)
                drafts[i] = build(in, customerId != null ? customerId : resolveCustomer(in), now);
            } catch (ApiException e) {
                results.set(i, BatchResponse.rejected(i, e));
            }
        }
        List<Purchase> candidates =
                Arrays.stream(drafts).filter(Objects::nonNull).toList();
        Set<String> inserted = purchases.insertAll(candidates);
        var existing = purchases.findAllBySourceId(candidates.stream()
                .filter(p -> !inserted.contains(p.source() + "\u0000" + p.erpId()))
                .toList());
        List<CrmEvent> events = new ArrayList<>();
        Set<String> createdKeys = new HashSet<>();
        for (int i = 0; i < size; i++) {
            Purchase p = drafts[i];
            if (p == null) {
                continue;
            }
            String key = p.source() + "\u0000" + p.erpId();
            if (inserted.contains(key) && createdKeys.add(key)) {
                events.add(event(p));
                results.set(i, new BatchResponse.ItemResult<>(i, "created", PurchaseView.of(p), null));
                continue;
            }
            Purchase stored = inserted.contains(key) ? drafts[firstIndexOf(drafts, key)] : existing.get(key);
            results.set(
                    i,
                    stored.sameAs(p)
                            ? new BatchResponse.ItemResult<>(i, "unchanged", PurchaseView.of(stored), null)
                            : BatchResponse.rejected(
                                    i,
                                    ApiException.conflict(
                                            "Purchase " + p.source() + "/" + p.erpId()
                                                    + " is already recorded with other data; record a refund or a new purchase instead")));
        }
        outbox.appendAll(events);
        if (!events.isEmpty()) {
            internal.publishEvent(new PurchasesRecorded(
                    events.stream().map(CrmEvent::customerId).collect(Collectors.toSet())));
        }
        return BatchResponse.of(results);
    }

    private static int firstIndexOf(Purchase[] drafts, String key) {
        for (int i = 0; i < drafts.length; i++) {
            if (drafts[i] != null && (drafts[i].source() + "\u0000" + drafts[i].erpId()).equals(key)) {
                return i;
            }
        }
        throw new IllegalStateException("no draft for " + key);
    }

    private Purchase toPurchase(PurchaseInput in) {
        checkRules(in);
        return build(in, resolveCustomer(in), clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    private static void checkRules(PurchaseInput in) {
        List<FieldViolation> errors = new ArrayList<>();
        if ((in.customerId() == null) == (in.customerRef() == null)) {
            errors.add(new FieldViolation(
                    "customerId", ErrorCode.INVALID_VALUE, "give customerId or customerRef, exactly one"));
        }
        if (in.currency() != null && !isCurrency(in.currency())) {
            errors.add(new FieldViolation(
                    "currency", ErrorCode.INVALID_VALUE, "'" + in.currency() + "' is not an ISO 4217 currency"));
        }
        PurchaseType type = typeOf(in);
        if (type == PurchaseType.PURCHASE && in.amount() != null && in.amount().signum() < 0) {
            errors.add(new FieldViolation(
                    "amount",
                    ErrorCode.OUT_OF_RANGE,
                    "a purchase is not negative; send a refund with type REFUND or a negative amount alone"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    private static PurchaseType typeOf(PurchaseInput in) {
        return in.type() != null
                ? in.type()
                : in.amount() != null && in.amount().signum() < 0 ? PurchaseType.REFUND : PurchaseType.PURCHASE;
    }

    private static Purchase build(PurchaseInput in, UUID customerId, Instant now) {
        PurchaseType type = typeOf(in);
        BigDecimal amount = type == PurchaseType.REFUND ? in.amount().abs().negate() : in.amount();
        List<PurchaseLine> lines = in.lines() == null
                ? List.of()
                : in.lines().stream()
                        .map(l -> new PurchaseLine(
                                l.sku(),
                                l.name(),
                                l.category(),
                                l.quantity(),
                                Money.format(l.unitPrice()),
                                Money.format(l.amount())))
                        .toList();
        return new Purchase(
                UUID.randomUUID(),
                customerId,
                in.source(),
                in.erpId(),
                type,
                in.occurredAt().truncatedTo(ChronoUnit.MICROS),
                amount,
                in.currency(),
                in.quantity(),
                in.channel() == null ? null : in.channel().strip(),
                lines,
                now);
    }

    private UUID resolveCustomer(PurchaseInput in) {
        String field = in.customerId() != null ? "customerId" : "customerRef";
        try {
            return in.customerId() != null
                    ? customers.liveCustomerId(in.customerId())
                    : customers.liveCustomerId(in.customerRef());
        } catch (ApiException e) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    ProblemTypes.RULE_VIOLATION,
                    "Unknown customer",
                    e.getMessage(),
                    List.of(new FieldViolation(
                            field,
                            ErrorCode.UNKNOWN_REFERENCE,
                            (e.status() == HttpStatus.GONE ? "deleted: " : "") + e.getMessage())));
        }
    }

    private static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static CrmEvent event(Purchase p) {
        String amount = Money.format(p.amount(), p.currency());
        return p.type() == PurchaseType.REFUND
                ? new PurchaseRefunded(
                        p.customerId(),
                        p.id(),
                        p.source(),
                        p.erpId(),
                        p.occurredAt(),
                        amount,
                        p.currency(),
                        p.quantity(),
                        p.channel(),
                        p.lines())
                : new PurchaseRecorded(
                        p.customerId(),
                        p.id(),
                        p.source(),
                        p.erpId(),
                        p.occurredAt(),
                        amount,
                        p.currency(),
                        p.quantity(),
                        p.channel(),
                        p.lines());
    }
}
