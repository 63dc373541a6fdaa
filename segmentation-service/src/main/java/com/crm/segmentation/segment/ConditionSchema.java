package com.crm.segmentation.segment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The condition grammar as the OpenAPI document states it, so generated clients know the fields and operators;
 * requests bind the condition as a JSON tree that {@link SegmentCondition} compiles (and checks) itself.
 */
@Schema(
        name = "SegmentCondition",
        description = "exactly one of: all (every one holds), any (at least one holds), not, or a comparison "
                + "field / op / value; a comparison on a missing value is false. purchases, interactions and "
                + "complaints count the customer's records in the last withinDays days (a count of 0: none)")
record ConditionSchema(
        List<ConditionSchema> all,
        List<ConditionSchema> any,
        ConditionSchema not,

        @Schema(
                description = "one of purchaseDays, repeatPurchaseDays, totalSpend, meanSpend, firstPurchaseAt, "
                        + "lastPurchaseAt, tenureDays, recentInteractions, recentPurchaseIntents, recentComplaints, "
                        + "recency, frequency, monetary, rfmSegment, pAlive, expectedPurchases, clv, clvPercentile, "
                        + "churnRisk, tier, quadrant, stage, type, region, industry, ownerId, tags, loyaltyLevel, "
                        + "pointsBalance, purchases, interactions, complaints; or properties.<name> for a custom "
                        + "property of the customer (its API name, ^[a-z][a-z0-9_]{0,62}$, values as "
                        + "customer-service publishes them)",
                example = "tier")
        String field,

        @Schema(
                description = "text fields take eq / ne / in / exists; tags takes contains / exists; purchases / "
                        + "interactions / complaints take eq / ne / gt / gte / lt / lte; properties.<name> takes eq / "
                        + "ne / in (the value's text), gt / gte / lt / lte (numeric with a number, text with a string: "
                        + "ISO dates), exists, and contains (a multi-valued property holding the string)",
                allowableValues = {"eq", "ne", "gt", "gte", "lt", "lte", "in", "exists", "contains"})
        String op,

        @Schema(
                description = "a number; an ISO date (yyyy-MM-dd) for firstPurchaseAt / lastPurchaseAt; a string "
                        + "for text fields and contains; a list of 1-1000 of those for in; none for exists; a whole "
                        + "number from 0 for purchases / interactions / complaints; a string, number or boolean for "
                        + "properties.<name>")
        Object value,

        @Schema(
                description = "purchases, interactions and complaints only (required): the window, the last 1-3650 "
                        + "days up to now",
                minimum = "1",
                maximum = "3650")
        Integer withinDays,

        @Schema(description = "interactions only: count those of this type (CALL, MEETING, COMPLAINT, ...)")
        String interactionType,

        @Schema(description = "interactions only: count those on this channel (EMAIL, PHONE, ...)")
        String channel) {}
