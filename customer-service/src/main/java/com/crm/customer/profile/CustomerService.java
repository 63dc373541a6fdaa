package com.crm.customer.profile;

import com.crm.customer.profile.CustomerInput.ConsentInput;
import com.crm.support.json.JsonMergePatch;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.JsonProblems;
import com.crm.support.web.ETags;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Customer profiles: each change and the events describing it commit in one transaction. */
@Service
public class CustomerService {

    private static final String RESOURCE = "Customer";

    private final CustomerRepository customers;
    private final CustomerEvents events;
    private final ProfileNormalizer normalizer;
    private final Validator validator;
    private final JsonMapper json;
    private final Clock clock;

    CustomerService(CustomerRepository customers, CustomerEvents events, CustomerProperties properties,
                    Validator validator, JsonMapper json, Clock clock) {
        this.customers = customers;
        this.events = events;
        this.normalizer = new ProfileNormalizer(properties.defaultPhoneRegion(), json);
        this.validator = validator;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public CustomerView register(CustomerInput input) {
        Instant now = now();
        Profile profile = normalizer.normalize(input, null, now);
        Customer customer = new Customer(UUID.randomUUID(), profile, now, now, null, 1);
        customers.insert(customer);
        events.registered(customer);
        return CustomerView.of(customer);
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
        CustomerInput merged = bind(JsonMergePatch.apply(json.valueToTree(editable(current.profile())), patch));
        Instant now = now();
        Profile changed = normalizer.normalize(merged, current.profile(), now);
        List<String> changedFields = ProfileChanges.changedFields(current.profile(), changed);
        if (changedFields.isEmpty()) {
            return CustomerView.of(current);
        }
        Customer updated = current.withProfile(changed, now);
        if (!customers.update(updated, current.version())) {
            throw ApiException.staleVersion(current.version());
        }
        events.updated(current, updated, changedFields);
        return CustomerView.of(updated);
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

    private CustomerInput bind(JsonNode document) {
        CustomerInput input;
        try {
            input = json.treeToValue(document, CustomerInput.class);
        } catch (JacksonException e) {
            FieldViolation violation = JsonProblems.violationOf(e);
            throw ApiException.invalid(List.of(violation != null ? violation
                    : new FieldViolation("$", "invalid", e.getOriginalMessage())));
        }
        Set<ConstraintViolation<CustomerInput>> violations = validator.validate(input);
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations.stream()
                    .map(v -> new FieldViolation(v.getPropertyPath().toString(),
                            v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName(),
                            v.getMessage()))
                    .sorted(java.util.Comparator.comparing(FieldViolation::field))
                    .toList());
        }
        return input;
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
