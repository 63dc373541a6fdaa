package com.crm.customer.relationship;

import com.crm.contracts.events.customer.CustomerLinked;
import com.crm.contracts.events.customer.CustomerUnlinked;
import com.crm.customer.profile.CustomerAccess;
import com.crm.customer.profile.CustomerRemoved;
import com.crm.customer.profile.CustomerService;
import com.crm.customer.profile.CustomerType;
import com.crm.customer.profile.CustomerView;
import com.crm.customer.profile.CustomersMerged;
import com.crm.support.access.Visibility;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Typed, directed links between customers: the customer's circle, an organisation's contacts, referrals. */
@Service
class RelationshipService {

    static final String REFERRED_BY = "REFERRED_BY";
    static final String WORKS_AT = "WORKS_AT";
    static final int MAX_CIRCLE = 1000;

    private final RelationshipRepository links;
    private final CustomerService customers;
    private final CustomerAccess access;
    private final EventOutbox outbox;
    private final Clock clock;

    RelationshipService(
            RelationshipRepository links,
            CustomerService customers,
            CustomerAccess access,
            EventOutbox outbox,
            Clock clock) {
        this.links = links;
        this.customers = customers;
        this.access = access;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    RelationshipRepository.Link link(UUID fromId, RelationshipInput input) {
        CustomerView from = customers.get(fromId);
        CustomerView to;
        try {
            to = customers.get(input.toCustomerId());
        } catch (ApiException e) {
            throw rule("Unknown customer", e.getMessage(), "toCustomerId", ErrorCode.UNKNOWN_REFERENCE);
        }
        if (from.id().equals(to.id())) {
            throw rule("Self-link", "A customer cannot be linked to itself", "toCustomerId", ErrorCode.NOT_ALLOWED);
        }
        var type = links.type(input.type())
                .orElseThrow(() -> rule(
                        "Unknown relationship type",
                        "No type " + input.type() + "; see GET /api/relationship-types",
                        "type",
                        ErrorCode.UNKNOWN_REFERENCE));
        checkEnd(type.fromType(), from.type(), "the customer", type.code());
        checkEnd(type.toType(), to.type(), "toCustomerId", type.code());
        UUID id = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        boolean primary = Boolean.TRUE.equals(input.primaryContact());
        if (!links.insert(id, from.id(), to.id(), type.code(), input.role(), primary, now)) {
            throw ApiException.conflict(
                    from.displayName() + " is already linked to " + to.displayName() + " as " + type.code());
        }
        outbox.append(new CustomerLinked(from.id(), id, type.code(), to.id(), input.role(), primary, now));
        return links.find(id, Visibility.all()).orElseThrow();
    }

    @Transactional(readOnly = true)
    RelationshipRepository.Link get(UUID relationshipId) {
        return links.find(relationshipId, access.visibility())
                .orElseThrow(() -> ApiException.notFound("Relationship", relationshipId));
    }

    @Transactional
    void unlink(UUID relationshipId) {
        var link = links.find(relationshipId, access.visibility())
                .orElseThrow(() -> ApiException.notFound("Relationship", relationshipId));
        links.delete(relationshipId);
        outbox.append(new CustomerUnlinked(
                link.fromCustomerId(), link.id(), link.type(), link.toCustomerId(), clock.instant()));
    }

    @Transactional(readOnly = true)
    List<RelationshipRepository.Link> list(UUID customerId, String direction, String type) {
        UUID id = customers.get(customerId).id();
        return links.of(id, !"in".equals(direction), !"out".equals(direction), type, access.visibility());
    }

    @Transactional(readOnly = true)
    List<RelationshipRepository.Link> contacts(UUID organisationId) {
        CustomerView org = customers.get(organisationId);
        if (org.type() != CustomerType.ORGANIZATION) {
            throw rule("Not an organisation", org.displayName() + " is a person", "id", ErrorCode.NOT_ALLOWED);
        }
        return links.of(org.id(), false, true, WORKS_AT, access.visibility());
    }

    @Transactional(readOnly = true)
    List<RelationshipRepository.CircleMember> circle(UUID customerId, int depth) {
        return links.circle(customers.get(customerId).id(), depth, MAX_CIRCLE, access.visibility());
    }

    @Transactional(readOnly = true)
    RelationshipRepository.Referrals referrals(UUID customerId) {
        return links.referrals(customers.get(customerId).id(), access.visibility());
    }

    @Transactional(readOnly = true)
    List<RelationshipRepository.Referrals> seeds(int limit, boolean byValue, UUID segmentId) {
        Visibility visible = access.visibility();
        return links.topReferrers(limit, byValue, segmentId, visible).stream()
                .map(root -> links.referrals(root, visible))
                .toList();
    }

    @Transactional(readOnly = true)
    List<RelationshipRepository.Type> types() {
        return links.types();
    }

    @Transactional
    RelationshipRepository.Type defineType(TypeInput input) {
        var type = new RelationshipRepository.Type(
                input.code(),
                input.name(),
                input.fromType() == null ? null : input.fromType().name(),
                input.toType() == null ? null : input.toType().name(),
                false);
        if (!links.addType(type)) {
            throw ApiException.conflict("Relationship type " + input.code() + " already exists");
        }
        return type;
    }

    /** Links follow their customers into the survivor of a merge (duplicates and self-links collapse). */
    @EventListener
    void onMerged(CustomersMerged merged) {
        links.moveToSurvivor(merged.mergedIds(), merged.survivorId());
    }

    /** A deleted or erased customer's links go, and so do the referrals they counted for. */
    @EventListener
    void onRemoved(CustomerRemoved removed) {
        Instant now = clock.instant();
        for (var link : links.touching(removed.customerId())) {
            links.delete(link.id());
            outbox.append(
                    new CustomerUnlinked(link.fromCustomerId(), link.id(), link.type(), link.toCustomerId(), now));
        }
    }

    private static void checkEnd(String required, CustomerType actual, String field, String type) {
        if (required != null && !required.equals(actual.name())) {
            throw rule(
                    "Wrong customer type",
                    type + " links " + (field.equals("toCustomerId") ? "to" : "from") + " a " + required + ", not a "
                            + actual,
                    field.equals("toCustomerId") ? field : "type",
                    ErrorCode.NOT_ALLOWED);
        }
    }

    private static ApiException rule(String title, String detail, String field, ErrorCode code) {
        return new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT,
                ProblemTypes.RULE_VIOLATION,
                title,
                detail,
                List.of(new FieldViolation(field, code, detail)));
    }
}
