package com.crm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * JSON values built from an OpenAPI document's schemas: a plausible valid sample, and the same sample with every
 * leaf of one kind replaced (wrong types, huge strings, unknown enum values...).
 */
final class SchemaSamples {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final int MAX_DEPTH = 5;

    private final JsonNode document;

    SchemaSamples(JsonNode document) {
        this.document = document;
    }

    JsonNode resolve(JsonNode schema) {
        int hops = 0;
        while (schema != null && schema.has("$ref") && hops++ < 20) {
            String ref = schema.get("$ref").asText();
            JsonNode target = this.document;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part.replace("~1", "/").replace("~0", "~"));
            }
            schema = target.isMissingNode() ? NODES.objectNode() : target;
        }
        if (schema != null) {
            for (String combinator : new String[] {"allOf", "oneOf", "anyOf"}) {
                if (schema.has(combinator) && schema.get(combinator).size() > 0) {
                    if (combinator.equals("allOf")) {
                        ObjectNode merged = NODES.objectNode();
                        ObjectNode properties = merged.putObject("properties");
                        ArrayNode required = merged.putArray("required");
                        merged.put("type", "object");
                        for (JsonNode part : schema.get("allOf")) {
                            JsonNode resolved = resolve(part);
                            resolved.path("properties")
                                    .properties()
                                    .forEach((e) -> properties.set(e.getKey(), e.getValue()));
                            resolved.path("required").forEach(required::add);
                        }
                        return merged;
                    }
                    return resolve(schema.get(combinator).get(0));
                }
            }
        }
        return (schema == null) ? NODES.objectNode() : schema;
    }

    /** A plausible valid value: required and optional properties filled, formats respected. */
    JsonNode valid(JsonNode schema) {
        return build(schema, 0, (leaf) -> null);
    }

    /**
     * The valid sample with every leaf the function answers for replaced (the function gets the leaf's resolved
     * schema and answers null to keep the valid value).
     */
    JsonNode mutated(JsonNode schema, Function<JsonNode, JsonNode> leafMutation) {
        return build(schema, 0, leafMutation);
    }

    private JsonNode build(JsonNode raw, int depth, Function<JsonNode, JsonNode> mutation) {
        JsonNode schema = resolve(raw);
        String type = type(schema);
        if (!type.equals("object") && !type.equals("array")) {
            JsonNode replaced = mutation.apply(schema);
            return (replaced != null) ? replaced : leaf(schema, type);
        }
        // the body itself stays an object (or array): replacing it is the sweep's "JSON array instead of object"
        JsonNode replaced = (depth > 0) ? mutation.apply(schema) : null;
        if (replaced != null) {
            return replaced;
        }
        if (type.equals("array")) {
            ArrayNode array = NODES.arrayNode();
            if (depth < MAX_DEPTH) {
                array.add(build(schema.path("items"), depth + 1, mutation));
            }
            return array;
        }
        ObjectNode object = NODES.objectNode();
        if (depth < MAX_DEPTH) {
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            schema.path("properties").properties().iterator();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                JsonNode propertySchema = resolve(property.getValue());
                if (propertySchema.path("readOnly").asBoolean(false)) {
                    continue;
                }
                object.set(property.getKey(), build(property.getValue(), depth + 1, mutation));
            }
        }
        return object;
    }

    static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            for (JsonNode candidate : type) {
                if (!candidate.asText().equals("null")) {
                    return candidate.asText();
                }
            }
        }
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        if (schema.has("properties") || schema.has("additionalProperties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        if (schema.has("enum")) {
            return "string";
        }
        return "object";
    }

    private static JsonNode leaf(JsonNode schema, String type) {
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return schema.get("enum").get(0);
        }
        if (schema.has("example") && !schema.get("example").isNull()) {
            return schema.get("example");
        }
        return switch (type) {
            case "integer" ->
                NODES.numberNode(Math.max(1, schema.path("minimum").asLong(1)));
            case "number" -> NODES.numberNode(Math.max(1, schema.path("minimum").asDouble(1)));
            case "boolean" -> NODES.booleanNode(true);
            default -> NODES.textNode(sampleString(schema));
        };
    }

    static String sampleString(JsonNode schema) {
        String format = schema.path("format").asText("");
        return switch (format) {
            case "uuid" -> UUID.randomUUID().toString();
            case "date-time" -> "2026-01-15T10:00:00Z";
            case "date" -> "2026-01-15";
            case "email" -> "sweep@example.com";
            // loopback, a port nothing listens on: a webhook the sweep registers must not call out of this machine
            case "uri", "url" -> "http://127.0.0.1:9/sweep-hook";
            default -> "sweep";
        };
    }
}
