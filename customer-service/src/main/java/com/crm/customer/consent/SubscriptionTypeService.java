package com.crm.customer.consent;

import com.crm.support.audit.AuditTrail;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import com.crm.support.web.ETags;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Subscription types, defined and changed by admins, each change audited. The purpose and channel a type serves
 * cannot change once defined: the choices customers made, and what other services derived from them, were made for
 * that purpose. Archiving keeps every choice (an opt-out stays an opt-out).
 */
@Service
class SubscriptionTypeService {

    static final String RESOURCE = "Subscription type";
    static final int MAX_TYPES = 200;

    private final SubscriptionTypeRepository repository;
    private final AuditTrail audit;
    private final Clock clock;

    SubscriptionTypeService(SubscriptionTypeRepository repository, AuditTrail audit, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    SubscriptionType define(SubscriptionTypeInput in) {
        String channel = ConsentRules.checkType(in.key(), in);
        if (repository.count() >= MAX_TYPES) {
            throw ApiException.ruleViolation(
                    "Too many subscription types", "At most " + MAX_TYPES + " types (archived ones count)");
        }
        Instant now = now();
        SubscriptionType t = new SubscriptionType(
                in.key(), in.name().strip(), in.description(), in.purpose(), channel, false, now, now, 1);
        if (!repository.insert(t)) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    ProblemTypes.CONFLICT,
                    "Key taken",
                    "A subscription type " + t.key() + " exists (archived ones too)",
                    List.of(new FieldViolation("key", ErrorCode.TAKEN, "another type has this key")));
        }
        audit.record("subscription-type.defined", "subscription-type", t.key(), details(t));
        return t;
    }

    @Transactional(readOnly = true)
    List<SubscriptionType> list(boolean archived) {
        return repository.all(archived);
    }

    @Transactional(readOnly = true)
    SubscriptionType get(String key) {
        return repository.find(key).orElseThrow(() -> ApiException.notFound(RESOURCE, key));
    }

    @Transactional
    SubscriptionType replace(String key, String ifMatch, SubscriptionTypeInput in) {
        SubscriptionType previous =
                repository.findForUpdate(key).orElseThrow(() -> ApiException.notFound(RESOURCE, key));
        if (ifMatch != null) {
            ETags.requireMatch(ifMatch, previous.version());
        }
        String channel = ConsentRules.checkType(key, in);
        if (in.key() != null && !in.key().equals(key)) {
            throw ApiException.invalid("key", ErrorCode.NOT_ALLOWED, "the key cannot change");
        }
        if (in.purpose() != previous.purpose() || !channel.equals(previous.channel())) {
            throw ApiException.invalid(
                    in.purpose() != previous.purpose() ? "purpose" : "channel",
                    ErrorCode.NOT_ALLOWED,
                    "the purpose and channel of a type cannot change: define another type");
        }
        boolean archived = in.archived() == null ? previous.archived() : in.archived();
        SubscriptionType next = new SubscriptionType(
                key,
                in.name().strip(),
                in.description(),
                previous.purpose(),
                previous.channel(),
                archived,
                previous.createdAt(),
                now(),
                previous.version() + 1);
        if (next.name().equals(previous.name())
                && java.util.Objects.equals(next.description(), previous.description())
                && next.archived() == previous.archived()) {
            return previous;
        }
        repository.update(next);
        audit.record("subscription-type.changed", "subscription-type", key, details(next));
        return next;
    }

    @Transactional
    void archive(String key, String ifMatch) {
        SubscriptionType t = repository.findForUpdate(key).orElseThrow(() -> ApiException.notFound(RESOURCE, key));
        if (ifMatch != null) {
            ETags.requireMatch(ifMatch, t.version());
        }
        if (t.archived()) {
            return;
        }
        SubscriptionType archived = new SubscriptionType(
                key, t.name(), t.description(), t.purpose(), t.channel(), true, t.createdAt(), now(), t.version() + 1);
        repository.update(archived);
        audit.record("subscription-type.archived", "subscription-type", key, details(archived));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Map<String, String> details(SubscriptionType t) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("name", t.name());
        d.put("purpose", t.purpose().name());
        d.put("channel", t.channel());
        d.put("archived", Boolean.toString(t.archived()));
        return d;
    }
}
