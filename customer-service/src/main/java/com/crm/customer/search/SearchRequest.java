package com.crm.customer.search;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A customer search in HubSpot's request shape: {@code filterGroups} are OR-ed, the filters of a group AND-ed.
 * Everything is checked by {@link SearchValidator}, which names each field at fault.
 */
@Schema(name = "CustomerSearchRequest", description = "A customer search (HubSpot's CRM search request shape)")
record SearchRequest(
        @ArraySchema(
                maxItems = SearchValidator.MAX_GROUPS,
                schema = @Schema(implementation = FilterGroup.class),
                arraySchema = @Schema(description = "OR-ed: a customer matches when all filters of any one group hold"))
        List<FilterGroup> filterGroups,

        @ArraySchema(
                maxItems = SearchValidator.MAX_SORTS,
                arraySchema = @Schema(description = "0 to 2 sorts; ties by id"))
        List<Sort> sorts,

        @Schema(
                description = "Free text: a substring of the names, e-mails, phone numbers (digits) or company, "
                        + "case-insensitive",
                maxLength = SearchValidator.MAX_QUERY,
                example = "小明")
        String query,

        @Schema(description = "1 to 200, default 10", minimum = "1", maximum = "200")
        Integer limit,

        @Schema(description = "nextCursor of the previous page, with the same sorts")
        String after) {

    @Schema(name = "SearchFilterGroup", description = "Filters that must all hold")
    record FilterGroup(
            @ArraySchema(
                    minItems = 1,
                    maxItems = SearchValidator.MAX_FILTERS_PER_GROUP,
                    schema = @Schema(implementation = Filter.class))
            List<Filter> filters) {}

    @Schema(name = "SearchFilter", description = "One condition on a property")
    record Filter(
            @Schema(description = "A property name (see the operation's description)", example = "email")
            String propertyName,

            @Schema(
                    description = "EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, "
                            + "NOT_HAS_PROPERTY, CONTAINS_TOKEN",
                    example = "CONTAINS_TOKEN")
            String operator,

            @Schema(
                    description = "The value (a string, or a number for number properties); the low end for BETWEEN",
                    types = {"string", "number", "boolean"})
            JsonNode value,

            @ArraySchema(
                    minItems = 1,
                    maxItems = SearchValidator.MAX_VALUES,
                    schema = @Schema(types = {"string", "number"}),
                    arraySchema = @Schema(description = "For IN and NOT_IN"))
            List<JsonNode> values,

            @Schema(
                    description = "The high end for BETWEEN (inclusive)",
                    types = {"string", "number"})
            JsonNode highValue) {}

    @Schema(name = "SearchSort", description = "A sort; nulls always last")
    record Sort(
            @Schema(description = "A sortable property", example = "clv")
            String propertyName,

            @Schema(
                    description = "ASCENDING or DESCENDING (ASC and DESC too); default ASCENDING",
                    example = "DESCENDING")
            String direction) {}
}
