package com.crm.customer.dedup;

import com.crm.customer.profile.CustomerMerge;
import com.crm.customer.profile.MergeRequest;
import com.crm.customer.profile.MergeResult;
import com.crm.support.security.CrmScopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/customers/merge")
@Tag(name = "Duplicates and merge")
class MergeController {

    private final CustomerMerge merge;

    MergeController(CustomerMerge merge) {
        this.merge = merge;
    }

    @PostMapping
    @PreAuthorize(CrmScopes.MERGE_OR_ADMIN)
    @Operation(
            summary = "Merge customers into a survivor (or preview it with dryRun)",
            description = "Needs crm.merge or crm.admin (a dryRun preview too); a merge is recorded in the audit "
                    + "log with its actor. Single fields take the most recently updated non-empty value, or the "
                    + "customer chosen in fieldChoices; all contact points, addresses, tags and external references "
                    + "are kept; per channel the most restrictive consent wins; purchases move to the survivor. The "
                    + "merged ids keep answering with the survivor. Publishes crm.customer.merged.")
    @ApiResponse(responseCode = "200", description = "The survivor after the merge (or as it would be)")
    @ApiResponse(
            responseCode = "404",
            description = "A customer does not exist",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "409",
            description = "A customer is deleted, erased or already merged",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "The token lacks crm.merge and crm.admin",
            content = @Content(mediaType = "application/problem+json"))
    MergeResult customers(@Valid @RequestBody MergeRequest request) {
        return merge.merge(request);
    }
}
