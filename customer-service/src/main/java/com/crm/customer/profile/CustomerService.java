package com.crm.customer.profile;

import com.crm.customer.profile.CustomerInput.ConsentInput;
import com.crm.support.json.JsonBinder;
import com.crm.support.json.JsonMergePatch;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.web.ETags;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Customer profiles: each change and the events describing it commit in one transaction. */
@Service
public class CustomerService {

    private static final String RESOURCE = "Customer";

    private final CustomerRepository customers;
    private final CustomerEvents events;
    private final ProfileNormalizer normalizer;
    private final JsonBinder binder;
    private final JsonMapper json;
    private final Clock clock;

    CustomerService(CustomerRepository customers, CustomerEvents events, CustomerProperties properties,
                    JsonBinder binder, JsonMapper json, Clock clock) {
        this.customers = customers;
        this.events = events;
        this.normalizer = new ProfileNormalizer(properties.defaultPhoneRegion(), json);
        this.binder = binder;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public CustomerView register(JsonNode document) {
        if (!document.isObject()) {
            throw ApiException.invalid("$", "not-an-object", "a customer is a JSON object");
        }
        Instant now = now();
        Profile profile = normalized(document, null, now);
        Customer customer = new Customer(UUID.randomUUID(), profile, List.of(), now, now, null, 1);
        customers.insert(customer);
        events.registered(customer);
        return CustomerView.of(customer);
    }

    /** What an upsert did. */
    public enum UpsertStatus { CREATED, UPDATED, UNCHANGED }

    public record UpsertOutcome(UpsertStatus status, CustomerView customer) {
    }

    /** Thrown when another transaction added the same external reference first; retrying finds it. */
    public static final class ReferenceTakenConcurrently extends RuntimeException {
        ReferenceTakenConcurrently() {
            super(null, null, false, false);
        }
    }

    /**
     * Creates the customer an external reference names, or merges {@code document} into it (fields present
     * replace, {@code null} clears, absent ones stay). Nothing changes, and no event is sent, when the document
     * matches what is stored. A deleted customer is not brought back by an upsert.
     */
    @Transactional
    public UpsertOutcome upsert(ExternalReference reference, JsonNode document) {
        if (!document.isObject()) {
            throw ApiException.invalid("$", "not-an-object", "a customer is a JSON object");
        }
        UUID id = customers.findIdByExternalReference(reference).orElse(null);
        if (id == null) {
            Instant now = now();
            Profile profile = normalized(document, null, now);
            Customer customer = new Customer(UUID.randomUUID(), profile, List.of(reference), now, now, null, 1);
            customers.insert(customer);
            if (!customers.addExternalReference(customer.id(), reference)) {
                throw new ReferenceTakenConcurrently();
            }
            events.registered(customer);
            return new UpsertOutcome(UpsertStatus.CREATED, CustomerView.of(customer));
        }
        Customer current = customers.findForUpdate(id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
        if (current.deleted()) {
            throw new ApiException(org.springframework.http.HttpStatus.GONE, com.crm.support.problem.ProblemTypes.GONE,
                    "Customer deleted", "The customer " + id + " with this external reference was deleted; "
                    + "create it again explicitly to bring it back", List.of());
        }
        Customer updated = applyPatch(current, document);
        return updated == current
                ? new UpsertOutcome(UpsertStatus.UNCHANGED, CustomerView.of(current))
                : new UpsertOutcome(UpsertStatus.UPDATED, CustomerView.of(updated));
    }

    @Transactional(readOnly = true)
    public CustomerView get(UUID id) {
        return CustomerView.of(live(customers.find(id).orElseThrow(() -> ApiException.notFound(RESOURCE, id))));
    }

    /**
     * Applies a JSON Merge Patch to the customer as clients write it ({@link CustomerInput}), validates the
     * result as a whole and stores it if anything changed. A patch that changes nothing keeps the version.
     */
    @Transactional
    public CustomerView patch(UUID id, String ifMatch, JsonNode patch) {
        Customer current = live(customers.findForUpdate(id).orElseThrow(() -> ApiException.notFound(RESOURCE, id)));
        ETags.requireMatch(ifMatch, current.version());
        if (!patch.isObject()) {
            throw ApiException.invalid("$", "not-an-object", "a merge patch for a customer is a JSON object");
        }
        return CustomerView.of(applyPatch(current, patch));
    }

    /** @return the stored, changed customer; {@code current} itself when the patch changes nothing */
    private Customer applyPatch(Customer current, JsonNode patch) {
        Instant now = now();
        Profile changed = normalized(JsonMergePatch.apply(json.valueToTree(editable(current.profile())), patch),
                current.profile(), now);
        List<String> changedFields = ProfileChanges.changedFields(current.profile(), changed);
        if (changedFields.isEmpty()) {
            return current;
        }
        Customer updated = current.withProfile(changed, now);
        if (!customers.update(updated, current.version())) {
            throw ApiException.staleVersion(current.version());
        }
        events.updated(current, updated, changedFields);
        return updated;
    }

    /** @return the id of a live customer; 404 when unknown, 410 when deleted */
    @Transactional(readOnly = true)
    public UUID liveCustomerId(UUID id) {
        return live(customers.find(id).orElseThrow(() -> ApiException.notFound(RESOURCE, id))).id();
    }

    /** @return the id of the live customer holding this reference; 404 when none does, 410 when deleted */
    @Transactional(readOnly = true)
    public UUID liveCustomerId(ExternalReference reference) {
        UUID id = customers.findIdByExternalReference(reference).orElseThrow(() -> ApiException.notFound(RESOURCE,
                reference.source() + "/" + reference.externalId()));
        return liveCustomerId(id);
    }

    /** Soft delete; deleting again is a no-op, so retries are safe. */
    @Transactional
    public void delete(UUID id, String ifMatch) {
        Customer current = customers.findForUpdate(id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
        if (current.deleted()) {
            return;
        }
        if (ifMatch != null) {
            ETags.requireMatch(ifMatch, current.version());
        }
        Customer deleted = current.deletedAt(now());
        if (!customers.update(deleted, current.version())) {
            throw ApiException.staleVersion(current.version());
        }
        events.deleted(deleted);
    }

    @Transactional(readOnly = true)
    public CursorPage<CustomerView> list(CustomerFilter filter, String cursor, int limit) {
        KeysetCursor after = KeysetCursor.decode(cursor);
        List<Customer> page = customers.list(filter, after, limit + 1);
        boolean more = page.size() > limit;
        List<Customer> items = more ? page.subList(0, limit) : page;
        String next = more ? new KeysetCursor(items.getLast().createdAt(), items.getLast().id()).encode() : null;
        return new CursorPage<>(items.stream().map(CustomerView::of).toList(), next);
    }

    /** @return the number in E.164, or a 400 naming the {@code phone} parameter */
    public String phoneFilter(String phone) {
        String e164 = normalizer.e164(phone);
        if (e164 == null) {
            throw ApiException.invalid("phone", "invalid-phone", "'" + phone + "' is not a phone number");
        }
        return e164;
    }

    /**
     * Reads, validates and normalises a customer document, reporting every problem at once: the declared
     * constraints and the domain rules (phone numbers, duplicates, consents...) together.
     */
    private Profile normalized(JsonNode document, Profile previous, Instant now) {
        return binder.bind(document, CustomerInput.class, input -> normalizer.normalize(input, previous, now));
    }

    /** The profile in the shape clients write; consents by status only, so an untouched one stays as it was. */
    private static CustomerInput editable(Profile p) {
        Map<ConsentChannel, ConsentInput> consents = new EnumMap<>(ConsentChannel.class);
        p.consents().forEach((channel, c) -> consents.put(channel, new ConsentInput(c.status(), null, null)));
        return new CustomerInput(p.type(), p.displayName(), p.givenName(), p.familyName(),
                p.emails().stream().map(e -> new CustomerInput.EmailInput(e.address(), e.label(), e.primary()))
                        .toList(),
                p.phones().stream().map(ph -> new CustomerInput.PhoneInput(ph.number(), ph.label(), ph.primary()))
                        .toList(),
                p.wechatId(),
                p.addresses().stream().map(a -> new CustomerInput.AddressInput(a.label(), a.lines(), a.city(),
                        a.region(), a.postalCode(), a.country())).toList(),
                p.company(), p.jobTitle(), p.industry(), p.birthday(), p.region(), p.timeZone(), p.tags(), p.ownerId(),
                p.attributes(), consents);
    }

    private static Customer live(Customer c) {
        if (c.deleted()) {
            throw ApiException.gone(RESOURCE, c.id());
        }
        return c;
    }

    /** PostgreSQL keeps microseconds: cut there so what we answer equals what we later read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
