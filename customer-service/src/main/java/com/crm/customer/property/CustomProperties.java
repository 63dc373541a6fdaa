package com.crm.customer.property;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What the other features of this service need of custom properties: a customer write checks and normalises its
 * values here and holds its unique ones, events learn which values they may carry, search which properties exist.
 */
@Component
public class CustomProperties {

    private final CustomPropertyRepository repository;

    CustomProperties(CustomPropertyRepository repository) {
        this.repository = repository;
    }

    /**
     * Checks the values a customer document holds and returns them in their stored form; faults are added to
     * {@code errors}, named {@code properties.<name>}. Unknown and archived properties are refused (an archived
     * value already stored stays as it is), required ones must be given on create and cannot be removed.
     *
     * @param previous the stored values when changing a customer, null when creating one
     */
    public Map<String, Object> normalize(
            Map<String, JsonNode> given, Map<String, Object> previous, List<FieldViolation> errors) {
        Set<String> names = new LinkedHashSet<>();
        if (given != null) {
            given.keySet().stream()
                    .filter(n -> DefinitionRules.NAME.matcher(n).matches())
                    .forEach(names::add);
        }
        if (previous != null) {
            names.addAll(previous.keySet());
        }
        return ValueRules.normalize(given, previous, repository.forWrite(names), errors);
    }

    /** Stored values in their canonical form (as {@link #normalize} returns them), from the stored JSON object. */
    public static Map<String, Object> canonical(JsonNode stored) {
        Map<String, Object> values = new TreeMap<>();
        if (stored != null && stored.isObject()) {
            stored.properties().forEach(e -> {
                Object v = ValueRules.canonical(e.getValue());
                if (v != null) {
                    values.put(e.getKey(), v);
                }
            });
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * The values an event may carry: those of active properties not marked {@code personalData}. A property whose
     * definition is missing is left out too (never publish what is not known to be publishable).
     */
    public Map<String, Object> publishable(Map<String, Object> values) {
        if (values == null || values.isEmpty()) {
            return Map.of();
        }
        Map<String, CustomProperty> defs = repository.byNames(values.keySet());
        Map<String, Object> published = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            CustomProperty def = defs.get(name);
            if (def != null && !def.personalData() && !def.archived()) {
                published.put(name, value);
            }
        });
        return published;
    }

    /**
     * Holds the customer's unique values in the side table (releases them when it is no longer active); call it
     * after every stored change of a customer, in the same transaction. {@code 409} naming each property whose
     * value another active customer holds.
     */
    public void holdUniqueValues(UUID customerId) {
        List<String> taken = repository.claimUnique(customerId);
        if (!taken.isEmpty()) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    ProblemTypes.CONFLICT,
                    "Value taken",
                    "Another customer holds the same value of " + String.join(", ", taken),
                    taken.stream()
                            .map(n -> new FieldViolation(
                                    ValueRules.FIELD + "." + n, ErrorCode.TAKEN, "another customer holds this value"))
                            .toList());
        }
    }

    /** The active (not archived) property of that name. */
    public Optional<CustomProperty> findActive(String name) {
        if (name == null || !DefinitionRules.NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return repository.find(name).filter(p -> !p.archived());
    }

    /** Every definition, archived ones included, by name. */
    public Map<String, CustomProperty> definitions(Set<String> names) {
        return repository.byNames(names);
    }
}
