package com.crm.customer.property;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A custom property of customers, as an admin defined it: values are found under {@code properties.<name>} of a
 * customer. {@code min}/{@code max} are numbers for NUMBER and DECIMAL (the value) and STRING (the length), ISO
 * strings for DATE and DATETIME.
 */
@Schema(name = "CustomProperty")
public record CustomProperty(
        String name,
        String label,
        String description,
        String group,
        CustomPropertyType type,
        List<Option> options,
        boolean required,
        boolean unique,
        String pattern,
        Object min,
        Object max,

        @Schema(description = "Identifies a person: the values are never published in events")
        boolean personalData,

        boolean archived,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    /** One allowed value of an ENUM or MULTI_ENUM property. */
    public record Option(String value, String label) {}

    public CustomProperty {
        options = options == null ? List.of() : List.copyOf(options);
    }

    boolean hasOption(String value) {
        return options.stream().anyMatch(o -> o.value().equals(value));
    }

    List<String> optionValues() {
        return options.stream().map(Option::value).toList();
    }
}
