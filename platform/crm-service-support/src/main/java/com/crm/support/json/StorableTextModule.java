package com.crm.support.json;

import com.crm.support.problem.UnstorableTextException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Refuses, while binding, every string and object key PostgreSQL could not store ({@link StorableText}), in typed
 * fields and in free JSON ({@code JsonNode}, {@code Map<String, Object>}) alike, with the JSON path of the value: a
 * request can never carry such text as far as the database (where it would be a 500), and no controller has to
 * check for it. A key at fault is reported at the object holding it: the key itself is not printable. Floating and
 * decimal numbers beyond their type are refused here too, as Jackson already refuses an int's or a long's overflow.
 */
public class StorableTextModule extends SimpleModule {

    public StorableTextModule() {
        super("crm-storable-text");
        setDeserializerModifier(new Modifier());
        // tree deserializers are not offered to a modifier: registered in their place instead
        checkTree(JsonNode.class);
        checkTree(ObjectNode.class);
        checkTree(ArrayNode.class);
    }

    @SuppressWarnings("unchecked")
    private <T extends JsonNode> void checkTree(Class<T> type) {
        addDeserializer(type, (ValueDeserializer<T>)
                (ValueDeserializer<?>) new Checked(JsonNodeDeserializer.getDeserializer(type)));
    }

    private static final class Modifier extends ValueDeserializerModifier {

        @Override
        public ValueDeserializer<?> modifyDeserializer(
                DeserializationConfig config, BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
            Class<?> type = deserializer.handledType();
            if (type == String.class) {
                return new Checked(deserializer);
            }
            if (type == Double.class
                    || type == double.class
                    || type == Float.class
                    || type == float.class
                    || type == BigDecimal.class) {
                return new Bounded(deserializer);
            }
            return type == Object.class ? new CheckedUntyped(deserializer) : deserializer;
        }

        @Override
        public KeyDeserializer modifyKeyDeserializer(
                DeserializationConfig config, JavaType type, KeyDeserializer deserializer) {
            return type.getRawClass() == String.class ? new CheckedKey(deserializer) : deserializer;
        }
    }

    /** Binds with the standard deserializer, then looks at every string and key of what it produced. */
    private static final class Checked extends DelegatingDeserializer {

        Checked(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new Checked(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            return check(super.deserialize(p, ctxt), p, ctxt);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt, Object intoValue) throws JacksonException {
            return check(super.deserialize(p, ctxt, intoValue), p, ctxt);
        }

        @Override
        public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer types)
                throws JacksonException {
            return check(super.deserializeWithType(p, ctxt, types), p, ctxt);
        }
    }

    /**
     * Free JSON bound to {@code Object} ({@code Map<String, Object>} values): read as a tree first and checked there,
     * because the standard deserializer's own string deserializer would refuse a bad string deep inside without
     * saying where, and it does not look at keys.
     */
    private static final class CheckedUntyped extends DelegatingDeserializer {

        CheckedUntyped(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new CheckedUntyped(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            JsonNode tree = ctxt.readTree(p);
            check(tree, p, ctxt);
            try (JsonParser checked = tree.traverse(ctxt)) {
                checked.nextToken();
                return super.deserialize(checked, ctxt);
            }
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt, Object intoValue) throws JacksonException {
            return check(super.deserialize(p, ctxt, intoValue), p, ctxt);
        }

        @Override
        public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer types)
                throws JacksonException {
            return check(super.deserializeWithType(p, ctxt, types), p, ctxt);
        }
    }

    /**
     * A number beyond what its type can hold is refused like an int's overflow is, not bound as Infinity (which no
     * column range check catches) or as a decimal with more digits than any column or computation could handle.
     */
    private static final class Bounded extends DelegatingDeserializer {

        private static final int MAX_DIGITS = 1000;

        Bounded(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new Bounded(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            JsonToken token = p.currentToken();
            Object value = super.deserialize(p, ctxt);
            boolean outOfRange = value instanceof Double d && (d.isInfinite() || d.isNaN())
                    || value instanceof Float f && (f.isInfinite() || f.isNaN())
                    || value instanceof BigDecimal decimal
                            && (decimal.precision() - decimal.scale() > MAX_DIGITS || decimal.scale() > MAX_DIGITS);
            if (outOfRange) {
                throw new InputCoercionException(
                        p, "Numeric value out of range of " + handledType().getSimpleName(), token, handledType());
            }
            return value;
        }
    }

    private static final class CheckedKey extends KeyDeserializer {

        private final KeyDeserializer delegate;

        CheckedKey(KeyDeserializer delegate) {
            this.delegate = delegate;
        }

        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws JacksonException {
            if (!StorableText.isStorable(key) && !StoredJson.reading(ctxt)) {
                throw new UnstorableTextException(ctxt.getParser(), "a key " + StorableText.PROBLEM);
            }
            return delegate.deserializeKey(key, ctxt);
        }
    }

    private static Object check(Object value, JsonParser p, DeserializationContext ctxt) {
        if (StoredJson.reading(ctxt)) {
            return value;
        }
        Deque<Object> path = new ArrayDeque<>();
        String problem = find(value, path);
        if (problem != null) {
            UnstorableTextException e = new UnstorableTextException(p, problem);
            // innermost first: each prepend puts the step ahead of those already there
            path.descendingIterator().forEachRemaining(step -> {
                if (step instanceof Integer index) {
                    e.prependPath(value, index);
                } else {
                    e.prependPath(value, (String) step);
                }
            });
            throw e;
        }
        return value;
    }

    /** @return what is wrong, with {@code path} leading to it (outermost first), or null when all text is storable */
    private static String find(Object value, Deque<Object> path) {
        if (value instanceof String text) {
            return StorableText.isStorable(text) ? null : StorableText.PROBLEM;
        }
        if (value instanceof JsonNode node) {
            if (node.isString()) {
                return find(node.stringValue(), path);
            }
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    String problem = within(path, i, node.get(i));
                    if (problem != null) {
                        return problem;
                    }
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> entry : node.properties()) {
                    String problem = entry(path, entry.getKey(), entry.getValue());
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String problem = entry(path, String.valueOf(entry.getKey()), entry.getValue());
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String problem = within(path, i, list.get(i));
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (value instanceof Object[] array) {
            return find(Arrays.asList(array), path);
        }
        return null;
    }

    private static String entry(Deque<Object> path, String key, Object value) {
        if (!StorableText.isStorable(key)) {
            return "a key " + StorableText.PROBLEM;
        }
        return within(path, key, value);
    }

    private static String within(Deque<Object> path, Object step, Object value) {
        path.addLast(step);
        String problem = find(value, path);
        if (problem == null) {
            path.removeLast();
        }
        return problem;
    }
}
