package com.crm.feedback.invitation;

import com.crm.feedback.invitation.InvitationService.InvitationInput;
import com.crm.feedback.invitation.InvitationService.InvitationView;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.paging.PageLimit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Invitations", description = "Invitations to answer a survey, with a single-use expiring token")
class InvitationController {

    private final InvitationService invitations;

    InvitationController(InvitationService invitations) {
        this.invitations = invitations;
    }

    @PostMapping("/api/surveys/{surveyId}/invitations")
    @ApiResponse(responseCode = "201", description = "Created, with its answer token (shown once)")
    @Operation(
            summary = "Invite a customer to an active survey; the answer token is returned here only, once",
            description = "Delivery waits for interaction-service's contact check (deferred while it is down).")
    ResponseEntity<InvitationView> create(@PathVariable UUID surveyId, @RequestBody InvitationInput request) {
        InvitationView created = invitations.create(surveyId, request);
        return ResponseEntity.created(URI.create("/api/invitations/" + created.id()))
                .body(created);
    }

    @GetMapping("/api/invitations/{id}")
    @Operation(
            summary = "One invitation (never its token)",
            description =
                    "404 when unknown or of a customer outside the caller's visibility (agents their own customers, managers their team's; integrated systems and admins all)")
    InvitationView get(@PathVariable UUID id) {
        return invitations.get(id);
    }

    @GetMapping("/api/invitations")
    @Operation(
            summary = "A customer's invitations, newest first",
            description =
                    "keyset paging: limit (1-500, default 50) and cursor (the previous page's nextCursor). "
                            + "Empty for a customer outside the caller's visibility (agents their own customers, managers their team's; integrated systems and admins all)")
    @Parameter(
            name = "limit",
            description = "Page size",
            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
    @Parameter(name = "cursor", description = "The previous page's nextCursor, unchanged")
    CursorPage<InvitationView> byCustomer(
            @RequestParam UUID customerId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageLimit.resolve(limit);
        return CursorPage.of(
                invitations.byCustomer(customerId, KeysetCursor.decode(cursor), size + 1),
                size,
                i -> new KeysetCursor(i.createdAt(), i.id()).encode(),
                i -> i);
    }
}
