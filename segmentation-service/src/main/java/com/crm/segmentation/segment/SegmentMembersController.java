package com.crm.segmentation.segment;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Adding and removing the members of static lists (crm.write; only customers within the caller's visibility). */
@RestController
@RequestMapping("/api/segmentation/segments/{id}/members")
@Tag(name = "Segments")
@ApiResponse(
        responseCode = "400",
        description = "No customerIds (or conditions), more than 1,000 ids, a null id, an invalid condition: errors[] "
                + "names each fault",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(
        responseCode = "404",
        description = "No such segment",
        content = @Content(mediaType = "application/problem+json"))
@ApiResponse(
        responseCode = "409",
        description = "The segment is archived, or dynamic (its condition decides its members)",
        content = @Content(mediaType = "application/problem+json"))
class SegmentMembersController {

    private final StaticLists lists;

    SegmentMembersController(StaticLists lists) {
        this.lists = lists;
    }

    record AddInput(
            @ArraySchema(
                    arraySchema = @Schema(description = "1-1,000 customer ids to add (not with conditions)"),
                    maxItems = StaticLists.MAX_IDS)
            List<UUID> customerIds,

            @ArraySchema(
                    arraySchema =
                            @Schema(
                                    description = "add every customer these conditions (all of them) pick "
                                            + "now, a snapshot (not with customerIds)"),
                    schema = @Schema(implementation = ConditionSchema.class))
            JsonNode conditions) {}

    record RemoveInput(
            @ArraySchema(
                    arraySchema = @Schema(description = "1-1,000 customer ids to remove"),
                    maxItems = StaticLists.MAX_IDS)
            List<UUID> customerIds) {}

    @PostMapping
    @Operation(
            summary = "Add members to a static list, by id or from a search",
            description = "Needs crm.write. customerIds: each distinct id answered in request order as ADDED, "
                    + "ALREADY_MEMBER or NOT_FOUND (unknown, no longer active, or outside the caller's visibility). "
                    + "conditions: every customer within the caller's visibility they pick now joins (matched, "
                    + "added). Adding a member changes nothing; each joiner is announced "
                    + "(crm.segment.membership-changed JOINED)")
    @ApiResponse(responseCode = "200", description = "What changed")
    StaticLists.Change add(@PathVariable UUID id, @RequestBody AddInput input) {
        boolean search = input.conditions() != null && !input.conditions().isNull();
        if (search && input.customerIds() != null) {
            throw ApiException.invalid("conditions", ErrorCode.CONFLICTING, "give customerIds or conditions, not both");
        }
        return search ? lists.addMatching(id, input.conditions()) : lists.add(id, ids(input.customerIds()));
    }

    @PostMapping("/remove")
    @Operation(
            summary = "Remove members from a static list",
            description = "Needs crm.write. Each distinct id answered in request order as REMOVED, NOT_MEMBER or "
                    + "NOT_FOUND (unknown, or outside the caller's visibility). Removing a non-member changes "
                    + "nothing; each leaver is announced (crm.segment.membership-changed LEFT)")
    @ApiResponse(responseCode = "200", description = "What changed")
    StaticLists.Change remove(@PathVariable UUID id, @RequestBody RemoveInput input) {
        return lists.remove(id, ids(input.customerIds()));
    }

    /** 1-1,000 ids, none null; every fault named. */
    private static List<UUID> ids(List<UUID> ids) {
        if (ids == null || ids.isEmpty()) {
            throw ApiException.invalid("customerIds", ErrorCode.REQUIRED, "1-1,000 customer ids");
        }
        if (ids.size() > StaticLists.MAX_IDS) {
            throw ApiException.invalid(
                    "customerIds", ErrorCode.TOO_MANY, "at most " + StaticLists.MAX_IDS + " ids per call");
        }
        List<FieldViolation> errors = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) == null) {
                errors.add(new FieldViolation("customerIds[" + i + "]", ErrorCode.REQUIRED, "a customer id"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return ids;
    }
}
