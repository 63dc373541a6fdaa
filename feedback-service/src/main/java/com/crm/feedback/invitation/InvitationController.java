package com.crm.feedback.invitation;

import com.crm.feedback.invitation.InvitationService.InvitationView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    record InvitationRequest(UUID customerId, String channel, Duration validFor) {
    }

    @PostMapping("/api/surveys/{surveyId}/invitations")
    @ApiResponse(responseCode = "201", description = "Created, with its answer token (shown once)")
    @Operation(summary = "Invite a customer to an active survey; the answer token is returned here only, once",
            description = "Delivery waits for interaction-service's contact check (deferred while it is down).")
    ResponseEntity<InvitationView> create(@PathVariable UUID surveyId, @RequestBody InvitationRequest request) {
        InvitationView created = invitations.create(surveyId, request.customerId(), request.channel(),
                request.validFor());
        return ResponseEntity.created(URI.create("/api/invitations/" + created.id())).body(created);
    }

    @GetMapping("/api/invitations/{id}")
    @Operation(summary = "One invitation (never its token)")
    InvitationView get(@PathVariable UUID id) {
        return invitations.get(id);
    }

    @GetMapping("/api/invitations")
    @Operation(summary = "A customer's invitations, newest first (at most 500)")
    Map<String, List<InvitationView>> byCustomer(@RequestParam UUID customerId) {
        return Map.of("items", invitations.byCustomer(customerId));
    }
}
