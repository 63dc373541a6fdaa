package com.crm.customer.profile;

import com.crm.customer.profile.CustomerInput.ConsentInput;
import com.crm.customer.property.CustomProperties;
import com.crm.support.batch.BatchTransactions;
import com.crm.support.json.JsonBinder;
import com.crm.support.json.JsonMergePatch;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import com.crm.support.security.CrmActor;
import com.crm.support.web.ETags;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
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
    private final CustomerAccess access;
    private final ProfileNormalizer normalizer;
    private final JsonBinder binder;
    private final JsonMapper json;
    private final CustomProperties customProperties;
    private final Clock clock;
    private final BatchTransactions transactions;

    CustomerService(
            CustomerRepository customers,
            CustomerEvents events,
            CustomerAccess access,
            CustomerProperties properties,
            JsonBinder binder,
            JsonMapper json,
            CustomProperties customProperties,
            Clock clock,
            BatchTransactions transactions) {
        this.customers = customers;
        this.events = events;
        this.access = access;
        this.normalizer = new ProfileNormalizer(properties.defaultPhoneRegion(), json);
        this.binder = binder;
        this.json = json;
        this.customProperties = customProperties;
        this.clock = clock;
        this.transactions = transactions;
    }

    @Transactional
    public CustomerView register(JsonNode document) {
        if (!document.isObject()) {
            throw ApiException.invalid("$", ErrorCode.TYPE_MISMATCH, "a customer is a JSON object");
        }
        Instant now = now();
        Profile profile = assigned(normalized(document, null, now), null);
        Customer customer = Customer.create(profile, List.of(), now);
        customers.insert(customer);
        customProperties.holdUniqueValues(customer.id());
        events.registered(customer);
        return CustomerView.of(customer);
    }

    /** What an upsert did. */
    public enum UpsertStatus {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    public record UpsertOutcome(UpsertStatus status, CustomerView customer) {}

    /** Thrown when another transaction added the same external reference first; retrying finds it. */
    public static final class ReferenceTakenConcurrently extends RuntimeException {
        ReferenceTakenConcurrently() {
            super(null, null, false, false);
        }
    }

    /**
     * Creates the customer an external reference names, or merges {@code document} into it (fields present
     * replace, {@code null} clears, absent ones stay). Nothing changes, and no event is sent, when the document
     * matches what is stored. A deleted or erased customer is not brought back by an upsert unless
     * {@code recreate} asks for a new customer to take over the reference.
     */
    @Transactional
    public UpsertOutcome upsert(ExternalReference reference, JsonNode document, boolean recreate) {
        if (!document.isObject()) {
            throw ApiException.invalid("$", ErrorCode.TYPE_MISMATCH, "a customer is a JSON object");
        }
        UUID id = customers.findIdByExternalReference(reference).orElse(null);
        if (id == null) {
            Customer customer = create(document, reference);
            if (!customers.addExternalReference(customer.id(), reference)) {
                throw new ReferenceTakenConcurrently();
            }
            return new UpsertOutcome(UpsertStatus.CREATED, CustomerView.of(customer));
        }
        Customer holder = customers.findForUpdate(id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
        if (!access.allows(holder.profile())) {
            throw ApiException.notFound(RESOURCE, reference.source() + "/" + reference.externalId());
        }
        if (!holder.active()) {
            if (!recreate) {
                throw new ApiException(
                        HttpStatus.GONE,
                        ProblemTypes.GONE,
                        "Customer " + holder.status().name().toLowerCase(Locale.ROOT),
                        "The customer " + id + " holding this "
                                + "external reference is "
                                + holder.status().name().toLowerCase(Locale.ROOT)
                                + "; send the item with \"recreate\": true to create a new customer for it",
                        List.of());
            }
            Customer customer = create(document, reference);
            customers.reassignExternalReference(reference, customer.id());
            return new UpsertOutcome(UpsertStatus.CREATED, CustomerView.of(customer));
        }
        Customer updated = applyPatch(holder, document);
        return updated == holder
                ? new UpsertOutcome(UpsertStatus.UNCHANGED, CustomerView.of(holder))
                : new UpsertOutcome(UpsertStatus.UPDATED, CustomerView.of(updated));
    }

    /** One item of {@link #upsertAll}. */
    public record UpsertRequest(ExternalReference reference, JsonNode document, boolean recreate) {}

    /** What {@link #upsertAll} did with one item: its outcome, or what rejected it ({@code failure}). */
    public record UpsertResult(UpsertOutcome outcome, RuntimeException failure) {}

    /**
     * Upserts many customers in the caller's transaction, each with the rules of {@link #upsert}. References no
     * customer holds yet are created set-based: their profiles, references and events are written with one statement
     * per table for all of them. Everything else (updates, recreations, a reference seen twice, custom property
     * values whose uniqueness is claimed one by one) goes item by item behind a savepoint, after the new ones, in
     * request order, so a later item for the same reference updates what an earlier one created.
     *
     * @return one result per request, in request order
     */
    @Transactional
    public List<UpsertResult> upsertAll(List<UpsertRequest> requests) {
        int size = requests.size();
        UpsertResult[] results = new UpsertResult[size];
        Map<ExternalReference, UUID> held = customers.idsByReference(
                requests.stream().map(UpsertRequest::reference).distinct().toList());
        Instant now = now();
        Set<ExternalReference> seen = new java.util.HashSet<>(held.keySet());
        Map<Integer, Customer> drafts = new java.util.LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            UpsertRequest request = requests.get(i);
            if (seen.contains(request.reference()) || !request.document().isObject()) {
                seen.add(request.reference());
                continue;
            }
            Profile profile;
            try {
                profile = assigned(normalized(request.document(), null, now), null);
            } catch (ApiException e) {
                // rejected before anything was written: a later item may still create this reference
                results[i] = new UpsertResult(null, e);
                continue;
            }
            seen.add(request.reference());
            if (profile.properties().isEmpty()) {
                drafts.put(i, Customer.create(profile, List.of(request.reference()), now));
            }
        }
        List<Customer> created = createAll(drafts.values());
        Set<UUID> createdIds = new java.util.HashSet<>();
        created.forEach(c -> createdIds.add(c.id()));
        drafts.forEach((i, draft) -> {
            if (createdIds.contains(draft.id())) {
                results[i] = new UpsertResult(new UpsertOutcome(UpsertStatus.CREATED, CustomerView.of(draft)), null);
            }
        });
        for (int i = 0; i < size; i++) {
            if (results[i] == null) {
                results[i] = upsertAlone(requests.get(i));
            }
        }
        return List.of(results);
    }

    /** @return the customers stored; a draft whose reference another transaction took meanwhile is left out */
    private List<Customer> createAll(Collection<Customer> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        customers.insertAll(List.copyOf(drafts));
        Map<ExternalReference, UUID> references = new java.util.LinkedHashMap<>();
        drafts.forEach(c -> references.put(c.externalReferences().getFirst(), c.id()));
        Set<ExternalReference> taken = customers.addExternalReferences(references);
        List<Customer> created = drafts.stream()
                .filter(c -> !taken.contains(c.externalReferences().getFirst()))
                .toList();
        if (!taken.isEmpty()) {
            // never seen by anyone: their items go the per-item way and update what the other writer created
            customers.deleteUnpublished(taken.stream().map(references::get).toList());
        }
        events.registeredAll(created);
        return created;
    }

    private UpsertResult upsertAlone(UpsertRequest request) {
        try {
            UpsertOutcome outcome;
            try {
                outcome = transactions.savepoint(
                        () -> upsert(request.reference(), request.document(), request.recreate()));
            } catch (ReferenceTakenConcurrently e) {
                // another request created the same reference a moment ago: it exists now, so this becomes an update
                outcome = transactions.savepoint(
                        () -> upsert(request.reference(), request.document(), request.recreate()));
            }
            return new UpsertResult(outcome, null);
        } catch (RuntimeException e) {
            return new UpsertResult(null, e);
        }
    }

    private Customer create(JsonNode document, ExternalReference reference) {
        Instant now = now();
        Customer customer = Customer.create(assigned(normalized(document, null, now), null), List.of(reference), now);
        customers.insert(customer);
        customProperties.holdUniqueValues(customer.id());
        events.registered(customer);
        return customer;
    }

    /** The customer, or the survivor it was merged into; 404 unknown, 410 deleted or erased. */
    @Transactional(readOnly = true)
    public CustomerView get(UUID id) {
        return CustomerView.of(resolve(id, false));
    }

    /**
     * The live customers with these ids, in the order given, for a list found elsewhere (a search); an id no longer
     * live (deleted or merged since) is left out. Visibility is the finder's to apply.
     */
    @Transactional(readOnly = true)
    public List<CustomerView> liveViews(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, Customer> found = new HashMap<>();
        customers.findLive(ids).forEach(c -> found.put(c.id(), c));
        return ids.stream()
                .map(found::get)
                .filter(Objects::nonNull)
                .map(CustomerView::of)
                .toList();
    }

    /**
     * Applies a JSON Merge Patch to the customer as clients write it ({@link CustomerInput}), validates the
     * result as a whole and stores it if anything changed. A patch that changes nothing keeps the version.
     * A merged id patches its survivor.
     */
    @Transactional
    public CustomerView patch(UUID id, String ifMatch, JsonNode patch) {
        Customer current = resolve(id, true);
        ETags.requireMatch(ifMatch, current.version());
        if (!patch.isObject()) {
            throw ApiException.invalid("$", ErrorCode.TYPE_MISMATCH, "a merge patch for a customer is a JSON object");
        }
        return CustomerView.of(applyPatch(current, patch));
    }

    /** @return the stored, changed customer; {@code current} itself when the patch changes nothing */
    private Customer applyPatch(Customer current, JsonNode patch) {
        Instant now = now();
        Profile changed = normalized(
                JsonMergePatch.apply(json.valueToTree(editable(current.profile())), patch), current.profile(), now);
        List<String> changedFields = ProfileChanges.changedFields(current.profile(), changed);
        if (changedFields.isEmpty()) {
            return current;
        }
        if (changedFields.contains("ownerId") || changedFields.contains("teamId")) {
            assigned(changed, current.profile());
        }
        Customer updated = current.withProfile(changed, now);
        if (!customers.update(updated, current.version())) {
            throw ApiException.staleVersion(current.version());
        }
        if (changedFields.contains("properties")) {
            customProperties.holdUniqueValues(updated.id());
        }
        events.updated(current, updated, changedFields);
        return updated;
    }

    /** Everything stored on a customer: its profile and the profiles of the customers merged into it. */
    public record CustomerRecords(CustomerView customer, List<CustomerView> mergedCustomers) {}

    @Transactional(readOnly = true)
    public CustomerRecords records(UUID id) {
        Customer customer = resolve(id, false);
        List<CustomerView> merged = new ArrayList<>();
        Deque<UUID> pending = new ArrayDeque<>(customers.findMergedInto(customer.id()));
        while (!pending.isEmpty()) {
            UUID next = pending.pop();
            customers.find(next).ifPresent(c -> merged.add(CustomerView.of(c)));
            pending.addAll(customers.findMergedInto(next));
        }
        return new CustomerRecords(CustomerView.of(customer), merged);
    }

    /** @return the id of a live customer; 404 when unknown, 410 when deleted */
    // a lookup that finds nothing must not doom the caller's transaction (a batch rejects that item only)
    @Transactional(readOnly = true, noRollbackFor = ApiException.class)
    public UUID liveCustomerId(UUID id) {
        var end = MergeChain.follow(
                        id,
                        customers::lifecycle,
                        c -> c.status() == CustomerStatus.MERGED,
                        CustomerRepository.Lifecycle::mergedInto)
                .orElseThrow(() -> ApiException.gone(RESOURCE, id));
        if (end.found() == null) {
            throw ApiException.notFound(RESOURCE, id);
        }
        access.requireVisible(end.id());
        if (end.found().status() != CustomerStatus.ACTIVE) {
            throw ApiException.gone(RESOURCE, id);
        }
        return end.id();
    }

    /** The active customers among {@code ids}, in one query (for batches). Others are left out. */
    @Transactional(readOnly = true)
    public Set<UUID> activeCustomerIds(Collection<UUID> ids) {
        return ids.isEmpty() ? Set.of() : customers.activeIds(ids, access.condition("owner_id", "team_id"));
    }

    /** The active customers holding these references, in one query (for batches). Others are left out. */
    @Transactional(readOnly = true)
    public Map<ExternalReference, UUID> activeCustomerIdsByReference(Collection<ExternalReference> references) {
        return references.isEmpty()
                ? Map.of()
                : customers.activeIdsByReference(references, access.condition("c.owner_id", "c.team_id"));
    }

    /** @return the id of the live customer holding this reference; 404 when none does, 410 when deleted */
    @Transactional(readOnly = true, noRollbackFor = ApiException.class)
    public UUID liveCustomerId(ExternalReference reference) {
        UUID id = customers
                .findIdByExternalReference(reference)
                .orElseThrow(() -> ApiException.notFound(RESOURCE, reference.source() + "/" + reference.externalId()));
        return liveCustomerId(id);
    }

    /** Soft delete; deleting again is a no-op, so retries are safe. */
    @Transactional
    public void delete(UUID id, String ifMatch) {
        Customer current = customers
                .findForUpdate(id)
                .filter(c -> c.status() == CustomerStatus.MERGED || access.allows(c.profile()))
                .orElseThrow(() -> ApiException.notFound(RESOURCE, id));
        if (current.status() == CustomerStatus.MERGED) {
            access.requireVisible(id);
        }
        switch (current.status()) {
            case DELETED, ERASED -> {
                return;
            }
            case MERGED ->
                throw ApiException.conflict("Customer " + id + " was merged into " + current.mergedInto()
                        + "; delete that customer if that is what you mean");
            case ACTIVE -> {
                if (ifMatch != null) {
                    ETags.requireMatch(ifMatch, current.version());
                }
                Customer deleted = current.deletedAt(now());
                if (!customers.update(deleted, current.version())) {
                    throw ApiException.staleVersion(current.version());
                }
                customProperties.holdUniqueValues(deleted.id());
                events.deleted(deleted);
            }
        }
    }

    @Transactional(readOnly = true)
    public CursorPage<CustomerView> list(CustomerFilter filter, String cursor, int limit) {
        KeysetCursor after = KeysetCursor.decode(cursor);
        return CursorPage.of(
                customers.list(filter, access.condition("owner_id", "team_id"), after, limit + 1),
                limit,
                c -> new KeysetCursor(c.createdAt(), c.id()).encode(),
                CustomerView::of);
    }

    /** @return the number in E.164, or a 400 naming the {@code phone} parameter */
    public String phoneFilter(String phone) {
        String e164 = normalizer.e164(phone);
        if (e164 == null) {
            throw ApiException.invalid("phone", ErrorCode.INVALID_PHONE, "'" + phone + "' is not a phone number");
        }
        return e164;
    }

    /**
     * Reads, validates and normalises a customer document, reporting every problem at once: the declared
     * constraints and the domain rules (phone numbers, duplicates, consents...) together.
     */
    private Profile normalized(JsonNode document, Profile previous, Instant now) {
        return binder.bind(
                document,
                CustomerInput.class,
                input -> normalizer.normalize(input, previous, now, customProperties::normalize));
    }

    /** Stored custom property values as a client writes them (JSON values). */
    private Map<String, JsonNode> editableProperties(Map<String, Object> values) {
        Map<String, JsonNode> editable = new java.util.TreeMap<>();
        values.forEach((name, value) -> editable.put(name, json.valueToTree(value)));
        return editable;
    }

    /** The profile in the shape clients write; consents by status only, so an untouched one stays as it was. */
    private CustomerInput editable(Profile p) {
        Map<ConsentChannel, ConsentInput> consents = new EnumMap<>(ConsentChannel.class);
        p.consents().forEach((channel, c) -> consents.put(channel, new ConsentInput(c.status(), null, null)));
        return new CustomerInput(
                p.type(),
                p.displayName(),
                p.givenName(),
                p.familyName(),
                p.emails().stream()
                        .map(e -> new CustomerInput.EmailInput(e.address(), e.label(), e.primary()))
                        .toList(),
                p.phones().stream()
                        .map(ph -> new CustomerInput.PhoneInput(ph.number(), ph.label(), ph.primary()))
                        .toList(),
                p.wechatId(),
                p.addresses().stream()
                        .map(a -> new CustomerInput.AddressInput(
                                a.label(), a.lines(), a.city(), a.region(), a.postalCode(), a.country()))
                        .toList(),
                p.company(),
                p.jobTitle(),
                p.industry(),
                p.birthday(),
                p.region(),
                p.timeZone(),
                p.tags(),
                p.ownerId(),
                p.teamId(),
                p.attributes(),
                consents,
                editableProperties(p.properties()));
    }

    /** Follows merges to the survivor (locking it when asked); 404 unknown, 410 deleted or erased. */
    Customer resolve(UUID id, boolean forUpdate) {
        Function<UUID, Optional<Customer>> find = forUpdate ? customers::findForUpdate : customers::find;
        Customer c = MergeChain.follow(id, find, found -> found.status() == CustomerStatus.MERGED, Customer::mergedInto)
                .orElseThrow(() -> ApiException.gone(RESOURCE, id))
                .found();
        if (c == null || !access.allows(c.profile())) {
            throw ApiException.notFound(RESOURCE, id);
        }
        return switch (c.status()) {
            case ACTIVE -> c;
            case ERASED ->
                throw new ApiException(
                        HttpStatus.GONE,
                        ProblemTypes.GONE,
                        "Customer erased",
                        "The customer " + id + " was erased at the customer's request",
                        List.of());
            case DELETED, MERGED -> throw ApiException.gone(RESOURCE, id);
        };
    }

    /**
     * Who owns a customer a person registers, and whether they may give it that owner and team: a person's new
     * customer is theirs, in their team, unless the document says otherwise; a given owner or team (on create, or
     * a changed one) must be within the caller's reach ({@code 403} naming the field). Systems and admins assign
     * freely and get no defaults.
     *
     * @param previous the stored profile when changing one; {@code null} on create
     */
    private Profile assigned(Profile profile, Profile previous) {
        CrmActor actor = currentUser();
        if (actor == null) {
            return profile;
        }
        Profile result = profile;
        if (previous == null && (profile.ownerId() == null || profile.teamId() == null)) {
            result = withOwner(
                    profile,
                    profile.ownerId() == null ? actor.id() : profile.ownerId(),
                    profile.teamId() == null ? actor.team() : profile.teamId());
        }
        Profile checked = result;
        access.visibility()
                .refusedAssignment(checked.ownerId(), checked.teamId())
                .ifPresent(field -> {
                    String value = "ownerId".equals(field) ? checked.ownerId() : checked.teamId();
                    throw new ApiException(
                            HttpStatus.FORBIDDEN,
                            ProblemTypes.FORBIDDEN,
                            "Assignment not allowed",
                            "You may not assign a customer to " + field + " "
                                    + (value == null ? "none" : "'" + value + "'")
                                    + ": it would be outside what you may see",
                            List.of(new FieldViolation(field, ErrorCode.NOT_ALLOWED, "outside your visibility")));
                });
        return result;
    }

    private static CrmActor currentUser() {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken)) {
            return null;
        }
        CrmActor actor = CrmActor.current();
        return actor.isUser() ? actor : null;
    }

    private static Profile withOwner(Profile p, String ownerId, String teamId) {
        return new Profile(
                p.type(),
                p.displayName(),
                p.givenName(),
                p.familyName(),
                p.emails(),
                p.phones(),
                p.wechatId(),
                p.addresses(),
                p.company(),
                p.jobTitle(),
                p.industry(),
                p.birthday(),
                p.region(),
                p.timeZone(),
                p.tags(),
                ownerId,
                teamId,
                p.attributes(),
                p.consents(),
                p.properties());
    }

    /** PostgreSQL keeps microseconds: cut there so what we answer equals what we later read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
