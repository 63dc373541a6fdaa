package com.crm.interaction.policy;

import com.crm.support.audit.AuditTrail;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.web.ETags;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Contact policies: validated as a whole, versioned for If-Match. */
@Service
class ContactPolicyService {

    private static final String RESOURCE = "Contact policy";
    private static final String SUBJECT = "contact-policy";
    private static final Duration LONGEST = Duration.ofDays(366);

    private final ContactPolicyRepository policies;
    private final Clock clock;
    private final AuditTrail audit;

    ContactPolicyService(ContactPolicyRepository policies, Clock clock, AuditTrail audit) {
        this.policies = policies;
        this.clock = clock;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    List<ContactPolicyView> list() {
        return policies.all().stream().map(ContactPolicyView::of).toList();
    }

    @Transactional(readOnly = true)
    ContactPolicyView get(UUID id) {
        return ContactPolicyView.of(policies.find(id).orElseThrow(() -> ApiException.notFound(RESOURCE, id)));
    }

    @Transactional
    ContactPolicyView create(ContactPolicyInput in) {
        UUID id = UUID.randomUUID();
        ContactPolicy policy = build(id, in, 1);
        nameUnique(() -> policies.insert(policy));
        audit.record("contact-policy.created", SUBJECT, id, Map.of("version", 1));
        return ContactPolicyView.of(policy);
    }

    @Transactional
    ContactPolicyView replace(UUID id, String ifMatch, ContactPolicyInput in) {
        ContactPolicy current = policies.findForUpdate(id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
        if (ifMatch != null) {
            ETags.requireMatch(ifMatch, current.version());
        }
        ContactPolicy updated = build(id, in, current.version() + 1);
        nameUnique(() -> policies.update(updated));
        audit.record("contact-policy.replaced", SUBJECT, id, Map.of("version", updated.version()));
        return ContactPolicyView.of(updated);
    }

    @Transactional
    void delete(UUID id) {
        policies.delete(id);
        audit.record("contact-policy.deleted", SUBJECT, id, Map.of());
    }

    /** The name check in build() races with a concurrent write of the same name: the unique index decides. */
    private static void nameUnique(Runnable write) {
        try {
            write.run();
        } catch (DuplicateKeyException e) {
            throw ApiException.invalid("name", ErrorCode.TAKEN, "another policy has this name");
        }
    }

    private ContactPolicy build(UUID id, ContactPolicyInput in, long version) {
        List<FieldViolation> errors = new ArrayList<>();
        Duration window = duration("window", in.window(), errors);
        Duration gap = duration("minGap", in.minGap(), errors);
        if ((in.maxContacts() == null) != (window == null)
                && !errors.stream().anyMatch(e -> e.field().equals("window"))) {
            errors.add(new FieldViolation(
                    in.maxContacts() == null ? "maxContacts" : "window",
                    ErrorCode.REQUIRED_TOGETHER,
                    "maxContacts and window go together"));
        }
        if ((in.quietStart() == null) != (in.quietEnd() == null)) {
            errors.add(new FieldViolation(
                    in.quietStart() == null ? "quietStart" : "quietEnd",
                    ErrorCode.REQUIRED_TOGETHER,
                    "quietStart and quietEnd go together"));
        } else if (in.quietStart() != null && in.quietStart().equals(in.quietEnd())) {
            errors.add(new FieldViolation("quietEnd", ErrorCode.EMPTY_RANGE, "must differ from quietStart"));
        }
        boolean consent = Boolean.TRUE.equals(in.consentRequired());
        if (errors.isEmpty() && in.maxContacts() == null && gap == null && in.quietStart() == null && !consent) {
            errors.add(new FieldViolation(
                    "$",
                    ErrorCode.REQUIRED,
                    "a policy needs at least one of maxContacts/window, minGap, quietStart/quietEnd, consentRequired"));
        }
        if (in.name() != null && policies.nameTaken(in.name().strip(), id)) {
            errors.add(new FieldViolation("name", ErrorCode.TAKEN, "another policy has this name"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new ContactPolicy(
                id,
                in.name().strip(),
                in.channel(),
                in.purpose(),
                in.maxContacts(),
                window,
                gap,
                in.quietStart(),
                in.quietEnd(),
                consent,
                in.enabled() == null || in.enabled(),
                version,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    private static Duration duration(String field, String value, List<FieldViolation> errors) {
        if (value == null) {
            return null;
        }
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative() || d.isZero() || d.compareTo(LONGEST) > 0) {
                errors.add(new FieldViolation(field, ErrorCode.OUT_OF_RANGE, "must be positive and at most P366D"));
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            errors.add(new FieldViolation(
                    field,
                    ErrorCode.INVALID_FORMAT,
                    "'" + value + "' is not an ISO-8601 duration" + " such as P30D or PT24H"));
            return null;
        }
    }
}
