package com.crm.customer.profile;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Field-level survivorship for a merge: single-valued fields come from the most recently updated customer that
 * has a value (or from the customer chosen per field); contact points, addresses and tags are all kept; custom
 * attributes and custom property values are merged key by key, newest winning; per channel the most restrictive consent wins.
 */
final class ProfileMerger {

    /** The fields a client may choose the source of. */
    static final Set<String> CHOOSABLE = Set.of(
            "type",
            "displayName",
            "givenName",
            "familyName",
            "wechatId",
            "company",
            "jobTitle",
            "industry",
            "birthday",
            "region",
            "timeZone",
            "ownerId",
            "teamId");

    record Result(Profile profile, Map<String, UUID> fieldSources) {}

    private ProfileMerger() {}

    static Result merge(Customer survivor, List<Customer> merged, Map<String, UUID> choices) {
        List<Customer> all = new ArrayList<>();
        all.add(survivor);
        all.addAll(merged);
        checkChoices(choices, all);
        // most recent first; the survivor first among equals
        List<Customer> byRecency = all.stream()
                .sorted(Comparator.comparing(Customer::updatedAt)
                        .reversed()
                        .thenComparing(c -> !c.id().equals(survivor.id())))
                .toList();

        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, UUID> sources = new LinkedHashMap<>();
        for (RecordComponent field : Profile.class.getRecordComponents()) {
            String name = field.getName();
            if (CHOOSABLE.contains(name)) {
                Customer source = choices.containsKey(name)
                        ? find(all, choices.get(name))
                        : byRecency.stream()
                                .filter(c -> value(field, c) != null)
                                .findFirst()
                                .orElse(survivor);
                values.put(name, value(field, source));
                sources.put(name, source.id());
            }
        }
        values.put(
                "emails",
                union(
                        all,
                        p -> p.emails(),
                        e -> ProfileNormalizer.emailKey(e.address()),
                        Email::primary,
                        e -> new Email(e.address(), e.label(), false)));
        values.put(
                "phones",
                union(
                        all,
                        p -> p.phones(),
                        Phone::number,
                        Phone::primary,
                        p -> new Phone(p.number(), p.label(), false)));
        values.put(
                "addresses",
                List.copyOf(new LinkedHashSet<>(all.stream()
                        .flatMap(c -> c.profile().addresses().stream())
                        .toList())));
        values.put(
                "tags",
                List.copyOf(new LinkedHashSet<>(
                        all.stream().flatMap(c -> c.profile().tags().stream()).toList())));
        Map<String, Object> attributes = new LinkedHashMap<>();
        byRecency.reversed().forEach(c -> attributes.putAll(c.profile().attributes()));
        values.put("attributes", attributes);
        Map<String, Object> properties = new java.util.TreeMap<>();
        byRecency.reversed().forEach(c -> properties.putAll(c.profile().properties()));
        values.put("properties", properties);
        values.put("consents", mostRestrictiveConsents(all));
        return new Result(construct(values), sources);
    }

    private static void checkChoices(Map<String, UUID> choices, List<Customer> all) {
        List<FieldViolation> errors = new ArrayList<>();
        Set<UUID> ids = new HashSet<>(all.stream().map(Customer::id).toList());
        choices.forEach((field, id) -> {
            if (!CHOOSABLE.contains(field)) {
                errors.add(new FieldViolation(
                        "fieldChoices." + field,
                        ErrorCode.NOT_ALLOWED,
                        "only these fields can be chosen: " + new TreeSet<>(CHOOSABLE)));
            } else if (!ids.contains(id)) {
                errors.add(new FieldViolation(
                        "fieldChoices." + field,
                        ErrorCode.NOT_ALLOWED,
                        id + " is neither the survivor nor one of the merged customers"));
            }
        });
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    /** All entries of every customer, each key once; one primary at most (the first one met). */
    private static <T> List<T> union(
            List<Customer> all,
            Function<Profile, List<T>> list,
            Function<T, String> key,
            Predicate<T> primary,
            Function<T, T> demoted) {
        Map<String, T> byKey = new LinkedHashMap<>();
        boolean primarySeen = false;
        for (Customer c : all) {
            for (T item : list.apply(c.profile())) {
                if (byKey.containsKey(key.apply(item))) {
                    continue;
                }
                boolean keepPrimary = primary.test(item) && !primarySeen;
                primarySeen |= keepPrimary;
                byKey.put(key.apply(item), primary.test(item) && !keepPrimary ? demoted.apply(item) : item);
            }
        }
        return List.copyOf(byKey.values());
    }

    private static Map<ConsentChannel, Consent> mostRestrictiveConsents(Collection<Customer> all) {
        Map<ConsentChannel, Consent> result = new EnumMap<>(ConsentChannel.class);
        Comparator<Consent> order = Comparator.comparingInt((Consent c) -> restrictiveness(c.status()))
                .thenComparing(Consent::updatedAt);
        for (Customer c : all) {
            c.profile()
                    .consents()
                    .forEach((channel, consent) ->
                            result.merge(channel, consent, (a, b) -> order.compare(a, b) >= 0 ? a : b));
        }
        return result;
    }

    private static int restrictiveness(ConsentStatus status) {
        return switch (status) {
            case GRANTED -> 0;
            case DENIED -> 1;
            case WITHDRAWN -> 2;
        };
    }

    private static Customer find(List<Customer> all, UUID id) {
        return all.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static Object value(RecordComponent field, Customer c) {
        try {
            return field.getAccessor().invoke(c.profile());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Profile construct(Map<String, Object> values) {
        RecordComponent[] fields = Profile.class.getRecordComponents();
        Class<?>[] types = new Class<?>[fields.length];
        Object[] args = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            types[i] = fields[i].getType();
            String name = fields[i].getName();
            if (!values.containsKey(name)) {
                throw new IllegalStateException("no merged value for " + name);
            }
            args[i] = values.get(name);
        }
        try {
            return Profile.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
