package com.crm.support.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.cfg.ContextAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper repositories read and write their own columns with: the service's mapper, without the rules that
 * guard requests. Data a service stored before a rule existed (a null value in a customer's attributes, a control
 * character in a note) must stay readable: the rules say what may come in, not what was accepted in the past. Writes
 * are the same as the service's mapper's.
 */
public final class StoredJson {

    private static final String READING = "crm.stored-json";

    private final JsonMapper mapper;

    public StoredJson(JsonMapper requests) {
        this.mapper = requests.rebuild()
                .changeDefaultNullHandling(nulls -> JsonSetter.Value.empty())
                .defaultAttributes(ContextAttributes.getEmpty().withSharedAttribute(READING, Boolean.TRUE))
                .build();
    }

    public JsonMapper mapper() {
        return mapper;
    }

    /** Whether this is a read of stored data, where {@link StorableTextModule} does not apply. */
    static boolean reading(DeserializationContext ctxt) {
        return Boolean.TRUE.equals(ctxt.getAttribute(READING));
    }
}
