package com.crm.support.imports;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the columns of a CSV file become the batch item of a row: each mapped column names the item's field it fills,
 * as a path ({@code externalId}, {@code customer.givenName}, {@code customer.emails[0].address},
 * {@code customer.consents.EMAIL.status}). Paths are checked against the item's own schema when the job is created,
 * so a typo is a 400 naming the column, not a million rejected rows. Empty cells are left out (absent, not null).
 */
final class ImportMapping {

    static final int MAX_COLUMNS = 500;
    private static final int MAX_INDEX = 99;
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z][A-Za-z0-9_-]{0,99})(?:\\[(\\d{1,2})])?");

    /** One step of a path: a field (or map key), and the list index after it, if any. */
    record Step(String name, Integer index) {}

    private final Map<String, List<Step>> columns;

    private ImportMapping(Map<String, List<Step>> columns) {
        this.columns = columns;
    }

    /** Checks every target path of {@code mapping} (column → path) against the target's item schema. */
    static ImportMapping of(ImportTarget<?> target, Map<String, String> mapping) {
        return of(target.itemType(), target.rawJsonFields(), mapping);
    }

    /**
     * Checks every target path of {@code mapping} (column → path) against {@code itemType}, reading the raw JSON
     * fields named in {@code rawJson} (path → class) as their class.
     */
    static ImportMapping of(Class<?> itemType, Map<String, Class<?>> rawJson, Map<String, String> mapping) {
        if (mapping == null || mapping.isEmpty()) {
            throw ApiException.invalid("mapping", ErrorCode.REQUIRED, "a CSV import maps its columns to fields");
        }
        if (mapping.size() > MAX_COLUMNS) {
            throw ApiException.invalid("mapping", ErrorCode.TOO_MANY, "at most " + MAX_COLUMNS + " columns");
        }
        List<FieldViolation> errors = new ArrayList<>();
        Map<String, List<Step>> columns = new LinkedHashMap<>();
        Map<String, String> targets = new LinkedHashMap<>();
        mapping.forEach((column, path) -> {
            String field = "mapping." + column;
            if (column.isBlank() || column.length() > 200) {
                errors.add(new FieldViolation(field, ErrorCode.INVALID_VALUE, "a column name of 1 to 200 characters"));
                return;
            }
            String problem = path == null ? "a field path is needed" : check(itemType, rawJson, path);
            if (problem != null) {
                errors.add(new FieldViolation(field, ErrorCode.UNKNOWN_FIELD, problem));
                return;
            }
            String other = targets.putIfAbsent(path, column);
            if (other != null) {
                errors.add(new FieldViolation(field, ErrorCode.DUPLICATE, "'" + other + "' fills " + path + " too"));
                return;
            }
            columns.put(column, steps(path));
        });
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new ImportMapping(columns);
    }

    /** Re-reads a mapping checked when its job was created. */
    static ImportMapping stored(Map<String, String> mapping) {
        Map<String, List<Step>> columns = new LinkedHashMap<>();
        mapping.forEach((column, path) -> columns.put(column, steps(path)));
        return new ImportMapping(columns);
    }

    /**
     * The position of each mapped column in a file's header; a mapped column missing from the header is a 400 naming
     * it. Columns the mapping leaves out are ignored.
     */
    Bound bind(String[] header) {
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            positions.putIfAbsent(header[i].strip(), i);
        }
        List<FieldViolation> missing = new ArrayList<>();
        int[] at = new int[columns.size()];
        List<List<Step>> paths = new ArrayList<>();
        int k = 0;
        for (var column : columns.entrySet()) {
            Integer position = positions.get(column.getKey());
            if (position == null) {
                missing.add(new FieldViolation(
                        "mapping." + column.getKey(), ErrorCode.UNKNOWN_REFERENCE, "no such column in the header"));
            } else {
                at[k++] = position;
                paths.add(column.getValue());
            }
        }
        if (!missing.isEmpty()) {
            throw ApiException.invalid(missing);
        }
        return new Bound(at, paths, header.length);
    }

    /** A mapping bound to a header: builds each row's item. */
    record Bound(int[] positions, List<List<Step>> paths, int width) {

        ObjectNode document(String[] cells) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < positions.length; i++) {
                int at = positions[i];
                String value = at < cells.length ? cells[at] : null;
                if (value != null && !value.isEmpty()) {
                    put(root, paths.get(i), value);
                }
            }
            return root;
        }
    }

    private static void put(ObjectNode root, List<Step> path, String value) {
        JsonNode node = root;
        for (int i = 0; i < path.size(); i++) {
            Step step = path.get(i);
            boolean last = i == path.size() - 1;
            ObjectNode object = (ObjectNode) node;
            if (step.index() == null) {
                if (last) {
                    object.put(step.name(), value);
                    return;
                }
                node = object.has(step.name()) ? object.get(step.name()) : object.putObject(step.name());
            } else {
                ArrayNode array =
                        object.has(step.name()) ? (ArrayNode) object.get(step.name()) : object.putArray(step.name());
                while (array.size() <= step.index()) {
                    array.addNull();
                }
                if (last) {
                    array.set(step.index(), value);
                    return;
                }
                if (!array.get(step.index()).isObject()) {
                    array.set(step.index(), JsonNodeFactory.instance.objectNode());
                }
                node = array.get(step.index());
            }
        }
    }

    private static List<Step> steps(String path) {
        return Arrays.stream(path.split("\\.", -1))
                .map(segment -> {
                    Matcher m = SEGMENT.matcher(segment);
                    if (!m.matches()) {
                        throw new IllegalArgumentException("not a path: " + path);
                    }
                    return new Step(m.group(1), m.group(2) == null ? null : Integer.valueOf(m.group(2)));
                })
                .toList();
    }

    /** @return why the path names no field of {@code root}, or null when it does */
    static String check(Class<?> root, Map<String, Class<?>> rawJson, String path) {
        if (path.length() > 300) {
            return "a path of at most 300 characters";
        }
        Type type = root;
        String[] segments = path.split("\\.", -1);
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            Matcher m = SEGMENT.matcher(segments[i]);
            if (!m.matches()) {
                return "'" + segments[i] + "' is not a field name (letters, digits, '_', '-', then [index])";
            }
            String name = m.group(1);
            names.append(i == 0 ? "" : ".").append(name);
            Class<?> raw = rawOf(type);
            if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
                return null; // free JSON (attributes, property values): any key
            }
            if (Map.class.isAssignableFrom(raw)) {
                Type[] kv = ((ParameterizedType) type).getActualTypeArguments();
                Class<?> key = rawOf(kv[0]);
                if (key.isEnum()
                        && Arrays.stream(key.getEnumConstants())
                                .noneMatch(c -> ((Enum<?>) c).name().equals(name))) {
                    return "'" + name + "' is none of " + Arrays.toString(key.getEnumConstants());
                }
                type = kv[1];
            } else if (raw.isRecord()) {
                RecordComponent component = Arrays.stream(raw.getRecordComponents())
                        .filter(c -> c.getName().equals(name))
                        .findFirst()
                        .orElse(null);
                if (component == null) {
                    return "'" + name + "' is not a field of " + prefix(segments, i) + "; fields: "
                            + Arrays.stream(raw.getRecordComponents())
                                    .map(RecordComponent::getName)
                                    .toList();
                }
                type = component.getGenericType();
                Class<?> read = rawJson.get(names.toString());
                if (read != null) {
                    type = read; // raw JSON in the item, read as this class
                }
            } else {
                return "'" + prefix(segments, i) + "' has no fields";
            }
            if (m.group(2) != null) {
                if (!Collection.class.isAssignableFrom(rawOf(type))) {
                    return "'" + name + "' is not a list";
                }
                if (Integer.parseInt(m.group(2)) > MAX_INDEX) {
                    return "an index from 0 to " + MAX_INDEX;
                }
                type = ((ParameterizedType) type).getActualTypeArguments()[0];
            }
        }
        Class<?> leaf = rawOf(type);
        if (leaf.isRecord() || (Collection.class.isAssignableFrom(leaf)) || Map.class.isAssignableFrom(leaf)) {
            return "'" + path + "' holds several fields; map a column to one of them";
        }
        return null;
    }

    private static String prefix(String[] segments, int upTo) {
        return upTo == 0 ? "the item" : String.join(".", Arrays.copyOf(segments, upTo));
    }

    private static Class<?> rawOf(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }
}
