package com.crm.customer.property;

import com.crm.support.audit.AuditTrail;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import com.crm.support.web.ETags;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Custom property definitions: defined, changed and archived by admins, each change audited in its transaction. A
 * change existing values would break (another type, fewer options, a pattern, bounds, required, unique) is refused
 * with the number of customers at fault, counted in the database; otherwise it applies at once.
 */
@Service
class CustomPropertyService {

    static final String RESOURCE = "Custom property";
    /** Definitions at most (archived ones count): a customer's values stay bounded. */
    static final int MAX_DEFINITIONS = 500;

    private final CustomPropertyRepository repository;
    private final AuditTrail audit;
    private final Clock clock;

    CustomPropertyService(CustomPropertyRepository repository, AuditTrail audit, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    CustomProperty define(CustomPropertyInput input) {
        CustomProperty p = DefinitionRules.define(input.name(), input, null, now());
        checkPatternInDatabase(p);
        if (repository.count() >= MAX_DEFINITIONS) {
            throw ApiException.ruleViolation(
                    "Too many custom properties",
                    "At most " + MAX_DEFINITIONS + " custom properties can be defined (archived ones count)");
        }
        if (!repository.insert(p)) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    ProblemTypes.CONFLICT,
                    "Name taken",
                    "A custom property named " + p.name() + " exists (archived ones too)",
                    List.of(new FieldViolation("name", ErrorCode.TAKEN, "another property has this name")));
        }
        audit.record("customer-property.defined", "customer-property", p.name(), details(p));
        return p;
    }

    @Transactional(readOnly = true)
    List<CustomProperty> list(boolean archived) {
        return repository.all().stream().filter(p -> p.archived() == archived).toList();
    }

    @Transactional(readOnly = true)
    CustomProperty get(String name) {
        return repository.find(name).orElseThrow(() -> ApiException.notFound(RESOURCE, name));
    }

    @Transactional
    CustomProperty replace(String name, String ifMatch, CustomPropertyInput input) {
        CustomProperty previous =
                repository.findForUpdate(name).orElseThrow(() -> ApiException.notFound(RESOURCE, name));
        ETags.requireMatch(ifMatch, previous.version());
        CustomProperty next = DefinitionRules.define(name, input, previous, now());
        checkPatternInDatabase(next);
        if (sameDefinition(previous, next)) {
            return previous;
        }
        if (!next.archived()) {
            refuseBreakingChange(previous, next);
        }
        if (!repository.update(next, previous.version())) {
            throw ApiException.staleVersion(previous.version());
        }
        maintainUnique(previous, next);
        Map<String, Object> details = details(next);
        details.put("changed", String.join(",", changedFields(previous, next)));
        audit.record(
                next.archived() && !previous.archived() ? "customer-property.archived" : "customer-property.changed",
                "customer-property",
                name,
                details);
        return next;
    }

    /** Archives: the values stay, are no longer written, searched or published. Archiving again changes nothing. */
    @Transactional
    void archive(String name, String ifMatch) {
        CustomProperty p = repository.findForUpdate(name).orElseThrow(() -> ApiException.notFound(RESOURCE, name));
        if (ifMatch != null) {
            ETags.requireMatch(ifMatch, p.version());
        }
        if (p.archived()) {
            return;
        }
        CustomProperty archived = new CustomProperty(
                p.name(),
                p.label(),
                p.description(),
                p.group(),
                p.type(),
                p.options(),
                p.required(),
                p.unique(),
                p.pattern(),
                p.min(),
                p.max(),
                p.personalData(),
                true,
                p.createdAt(),
                now(),
                p.version() + 1);
        if (!repository.update(archived, p.version())) {
            throw ApiException.staleVersion(p.version());
        }
        repository.dropUnique(name);
        audit.record("customer-property.archived", "customer-property", name, details(archived));
    }

    private void checkPatternInDatabase(CustomProperty p) {
        if (p.pattern() != null && !repository.compilesInDatabase(p.pattern())) {
            throw ApiException.invalid(
                    "pattern",
                    ErrorCode.INVALID_FORMAT,
                    "not a regular expression PostgreSQL can check existing values with; use the syntax Java and "
                            + "PostgreSQL share");
        }
    }

    /** Counts, in SQL, the customers each changed aspect would break; 409 naming every aspect and its count. */
    private void refuseBreakingChange(CustomProperty before, CustomProperty after) {
        String name = after.name();
        boolean retyped = before.type() != after.type();
        List<FieldViolation> faults = new ArrayList<>();
        long total = 0;
        if (retyped) {
            long n = repository.countNotOfType(name, after.type());
            total += fault(faults, "type", n, "hold values that are not " + after.type());
        }
        if (after.type().hasOptions() && (retyped || !before.options().equals(after.options()))) {
            long n = repository.countOutsideOptions(name, after.type(), after.optionValues());
            total += fault(faults, "options", n, "hold values that are not among the options");
        }
        if (after.pattern() != null && (retyped || !after.pattern().equals(before.pattern()))) {
            long n = repository.countNotMatching(name, after.pattern());
            total += fault(faults, "pattern", n, "hold values that do not match the pattern");
        }
        if (after.min() != null && (retyped || !after.min().equals(before.min()))) {
            long n = repository.countBeyond(name, after.type(), after.min(), true);
            total += fault(faults, "min", n, "hold values below min");
        }
        if (after.max() != null && (retyped || !after.max().equals(before.max()))) {
            long n = repository.countBeyond(name, after.type(), after.max(), false);
            total += fault(faults, "max", n, "hold values above max");
        }
        if (after.required() && (!before.required() || before.archived())) {
            long n = repository.countMissing(name);
            total += fault(faults, "required", n, "have no value");
        }
        if (after.unique() && (!before.unique() || before.archived() || retyped)) {
            long n = repository.countDuplicated(name);
            total += fault(faults, "unique", n, "share their value with another customer");
        }
        if (!faults.isEmpty()) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    ProblemTypes.CONFLICT,
                    "Existing values would break",
                    total + " customer values would break this change of " + name + "; fix or clear them first ("
                            + String.join(
                                    "; ",
                                    faults.stream().map(FieldViolation::message).toList()) + ")",
                    faults);
        }
    }

    private static long fault(List<FieldViolation> faults, String field, long count, String what) {
        if (count > 0) {
            faults.add(new FieldViolation(
                    field, ErrorCode.CONFLICTING, count + (count == 1 ? " customer " : " customers ") + what));
        }
        return count;
    }

    private void maintainUnique(CustomProperty before, CustomProperty after) {
        boolean held = before.unique() && !before.archived();
        boolean hold = after.unique() && !after.archived();
        if (hold && (!held || before.type() != after.type())) {
            repository.rebuildUnique(after.name());
        } else if (held && !hold) {
            repository.dropUnique(after.name());
        }
    }

    private static boolean sameDefinition(CustomProperty a, CustomProperty b) {
        return changedFields(a, b).isEmpty();
    }

    private static List<String> changedFields(CustomProperty a, CustomProperty b) {
        List<String> changed = new ArrayList<>();
        check(changed, "label", a.label(), b.label());
        check(changed, "description", a.description(), b.description());
        check(changed, "group", a.group(), b.group());
        check(changed, "type", a.type(), b.type());
        check(changed, "options", a.options(), b.options());
        check(changed, "required", a.required(), b.required());
        check(changed, "unique", a.unique(), b.unique());
        check(changed, "pattern", a.pattern(), b.pattern());
        check(changed, "min", a.min(), b.min());
        check(changed, "max", a.max(), b.max());
        check(changed, "personalData", a.personalData(), b.personalData());
        check(changed, "archived", a.archived(), b.archived());
        return changed;
    }

    private static void check(List<String> changed, String field, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            changed.add(field);
        }
    }

    /** Codes only (the label and description are the admin's text, not needed to audit). */
    private static Map<String, Object> details(CustomProperty p) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("type", p.type().name());
        details.put("version", p.version());
        details.put("personalData", p.personalData());
        details.put("archived", p.archived());
        return details;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
