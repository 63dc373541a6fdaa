package com.crm.customer.purchase;

import com.crm.contracts.events.purchase.PurchaseLine;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.purchase.PurchaseRefunded;
import com.crm.customer.profile.CustomerService;
import com.crm.support.json.JsonBinder;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** The purchase ledger: each (source, erpId) is recorded once, with its event, in one transaction. */
@Service
public class PurchaseService {

    /** What recording did: a new entry, or the same one again. */
    public enum RecordStatus { CREATED, UNCHANGED }

    public record RecordOutcome(RecordStatus status, PurchaseView purchase) {
    }

    private final PurchaseRepository purchases;
    private final CustomerService customers;
    private final EventOutbox outbox;
    private final JsonBinder binder;
    private final Clock clock;

    PurchaseService(PurchaseRepository purchases, CustomerService customers, EventOutbox outbox, JsonBinder binder,
                    Clock clock) {
        this.purchases = purchases;
        this.customers = customers;
        this.outbox = outbox;
        this.binder = binder;
        this.clock = clock;
    }

    @Transactional
    public RecordOutcome record(JsonNode document) {
        if (!document.isObject()) {
            throw ApiException.invalid("$", "not-an-object", "a purchase is a JSON object");
        }
        Purchase purchase = binder.bind(document, PurchaseInput.class, this::toPurchase);
        if (!purchases.insert(purchase)) {
            Purchase existing = purchases.findBySourceId(purchase.source(), purchase.erpId()).orElseThrow();
            if (!existing.sameAs(purchase)) {
                throw ApiException.conflict("Purchase " + purchase.source() + "/" + purchase.erpId()
                        + " is already recorded with other data; record a refund or a new purchase instead");
            }
            return new RecordOutcome(RecordStatus.UNCHANGED, PurchaseView.of(existing));
        }
        outbox.append(event(purchase));
        return new RecordOutcome(RecordStatus.CREATED, PurchaseView.of(purchase));
    }

    @Transactional(readOnly = true)
    public PurchaseView get(UUID id) {
        return PurchaseView.of(purchases.find(id).orElseThrow(() -> ApiException.notFound("Purchase", id)));
    }

    @Transactional(readOnly = true)
    public CursorPage<PurchaseView> list(UUID customerId, Instant from, Instant to, String cursor, int limit) {
        KeysetCursor after = KeysetCursor.decode(cursor);
        List<Purchase> page = purchases.list(customerId, from, to, after, limit + 1);
        boolean more = page.size() > limit;
        List<Purchase> items = more ? page.subList(0, limit) : page;
        String next = more ? new KeysetCursor(items.getLast().occurredAt(), items.getLast().id()).encode() : null;
        return new CursorPage<>(items.stream().map(PurchaseView::of).toList(), next);
    }

    /** Every purchase of a customer, oldest first (for exports). */
    @Transactional(readOnly = true)
    public List<PurchaseView> all(UUID customerId) {
        return purchases.all(customerId).stream().map(PurchaseView::of).toList();
    }

    /** Purchases follow their customer into the survivor of a merge, in the merge's transaction. */
    @org.springframework.context.event.EventListener
    void onMerge(com.crm.customer.profile.CustomersMerged merged) {
        purchases.moveToCustomer(merged.mergedIds(), merged.survivorId());
    }

    private Purchase toPurchase(PurchaseInput in) {
        List<FieldViolation> errors = new ArrayList<>();
        if ((in.customerId() == null) == (in.customerRef() == null)) {
            errors.add(new FieldViolation("customerId", "one-of", "give customerId or customerRef, exactly one"));
        }
        if (in.currency() != null && !isCurrency(in.currency())) {
            errors.add(new FieldViolation("currency", "unknown-currency", "'" + in.currency()
                    + "' is not an ISO 4217 currency"));
        }
        PurchaseType type = in.type() != null ? in.type()
                : in.amount() != null && in.amount().signum() < 0 ? PurchaseType.REFUND : PurchaseType.PURCHASE;
        if (type == PurchaseType.PURCHASE && in.amount() != null && in.amount().signum() < 0) {
            errors.add(new FieldViolation("amount", "negative-purchase",
                    "a purchase is not negative; send a refund with type REFUND or a negative amount alone"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        UUID customerId = resolveCustomer(in);
        BigDecimal amount = type == PurchaseType.REFUND ? in.amount().abs().negate() : in.amount();
        List<PurchaseLine> lines = in.lines() == null ? List.of() : in.lines().stream()
                .map(l -> new PurchaseLine(l.sku(), l.name(), l.category(), l.quantity(), Money.format(l.unitPrice()),
                        Money.format(l.amount())))
                .toList();
        return new Purchase(UUID.randomUUID(), customerId, in.source(), in.erpId(), type,
                in.occurredAt().truncatedTo(ChronoUnit.MICROS), amount, in.currency(), in.quantity(),
                in.channel() == null ? null : in.channel().strip(), lines,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    private UUID resolveCustomer(PurchaseInput in) {
        String field = in.customerId() != null ? "customerId" : "customerRef";
        try {
            return in.customerId() != null ? customers.liveCustomerId(in.customerId())
                    : customers.liveCustomerId(in.customerRef());
        } catch (ApiException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.RULE_VIOLATION,
                    "Unknown customer", e.getMessage(), List.of(new FieldViolation(field,
                    e.status() == HttpStatus.GONE ? "deleted-customer" : "unknown-customer", e.getMessage())));
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

    private static com.crm.contracts.CrmEvent event(Purchase p) {
        String amount = Money.format(p.amount(), p.currency());
        return p.type() == PurchaseType.REFUND
                ? new PurchaseRefunded(p.customerId(), p.id(), p.source(), p.erpId(), p.occurredAt(), amount,
                        p.currency(), p.quantity(), p.channel(), p.lines())
                : new PurchaseRecorded(p.customerId(), p.id(), p.source(), p.erpId(), p.occurredAt(), amount,
                        p.currency(), p.quantity(), p.channel(), p.lines());
    }
}
