package com.crm.feedback.invitation;

import com.crm.feedback.invitation.InvitationRuleService.RuleInput;
import com.crm.feedback.invitation.InvitationRuleService.RuleView;
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
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Invitation rules", description = "Invite automatically after chosen interactions (post-contact surveys)")
class InvitationRuleController {

    private static final String ADMIN = "hasAuthority('SCOPE_crm.admin')";
    private final InvitationRuleService rules;

    InvitationRuleController(InvitationRuleService rules) {
        this.rules = rules;
    }

    @PostMapping("/api/invitation-rules")
    @ApiResponse(responseCode = "201", description = "Created")
    @PreAuthorize(ADMIN)
    @Operation(summary = "Create a rule (crm.admin): {surveyId, interactionType, channel?, direction?, inviteChannel?}")
    ResponseEntity<RuleView> create(@RequestBody RuleInput input) {
        RuleView created = rules.create(input);
        return ResponseEntity.created(URI.create("/api/invitation-rules/" + created.id()))
                .body(created);
    }

    @GetMapping("/api/invitation-rules")
    @Operation(
            summary = "Rules, oldest first",
            description = "keyset paging: limit (1-500, default 50) and cursor (the previous page's nextCursor)")
    @Parameter(
            name = "limit",
            description = "Page size",
            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
    @Parameter(name = "cursor", description = "The previous page's nextCursor, unchanged")
    CursorPage<RuleView> list(
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        int size = PageLimit.resolve(limit);
        return CursorPage.of(
                rules.list(KeysetCursor.decode(cursor), size + 1),
                size,
                r -> new KeysetCursor(r.createdAt(), r.id()).encode(),
                r -> r);
    }

    @GetMapping("/api/invitation-rules/{id}")
    @Operation(summary = "One rule")
    RuleView get(@PathVariable UUID id) {
        return rules.get(id);
    }

    @DeleteMapping("/api/invitation-rules/{id}")
    @PreAuthorize(ADMIN)
    @Operation(summary = "Delete a rule (crm.admin)")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        rules.delete(id);
        return ResponseEntity.noContent().build();
    }
}
