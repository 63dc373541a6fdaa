package com.crm.customer.property;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A custom property's definition as an admin writes it: the body of POST (create) and PUT (replace). Every rule is
 * checked by {@link DefinitionRules}, all faults reported at once.
 */
@Schema(name = "CustomPropertyInput")
public record CustomPropertyInput(
        @Schema(
                description = "API name: ^[a-z][a-z0-9_]{0,62}$, unique, not a standard field's name; cannot change",
                example = "loyalty_level")
        String name,

        @Schema(description = "Shown to people; at most 100 characters")
        String label,

        @Schema(description = "At most 1,000 characters") String description,

        @Schema(description = "Groups properties in forms; at most 100 characters")
        String group,

        @Schema(
                description = "STRING, NUMBER (integer), DECIMAL, DATE, DATETIME, BOOLEAN, ENUM or MULTI_ENUM",
                allowableValues = {"STRING", "NUMBER", "DECIMAL", "DATE", "DATETIME", "BOOLEAN", "ENUM", "MULTI_ENUM"})
        String type,

        @Schema(description = "ENUM and MULTI_ENUM: 1 to 200 options, values unique")
        List<OptionInput> options,

        @Schema(description = "A customer must have a value (checked on create, and a value cannot be removed)")
        Boolean required,

        @Schema(description = "No two active customers hold the same value (not for BOOLEAN, MULTI_ENUM)")
        Boolean unique,

        @Schema(description = "STRING: a regular expression the whole value must match; at most 500 characters")
        String pattern,

        @Schema(description = "Lower bound: the value (NUMBER, DECIMAL), the length (STRING), a date or instant")
        JsonNode min,

        @Schema(description = "Upper bound, as min") JsonNode max,

        @Schema(description = "Identifies a person: its values are never published in events; default false")
        Boolean personalData,

        @Schema(description = "PUT only: false brings an archived property back; default false")
        Boolean archived) {

    /** An option: {@code value} is what customers hold, {@code label} what people see (defaults to the value). */
    public record OptionInput(String value, String label) {}
}
