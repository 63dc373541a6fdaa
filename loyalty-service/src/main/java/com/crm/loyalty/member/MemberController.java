package com.crm.loyalty.member;

import com.crm.loyalty.member.Adjustments.AdjustmentInput;
import com.crm.loyalty.member.Adjustments.AdjustmentResult;
import com.crm.loyalty.member.Memberships.Enrolment;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.PageLimit;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.security.CrmActor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Loyalty members", description = "Membership, points balance, level, the points journal, adjustments")
class MemberController {

    private final Memberships memberships;
    private final Adjustments adjustments;

    MemberController(Memberships memberships, Adjustments adjustments) {
        this.memberships = memberships;
        this.adjustments = adjustments;
    }

    record EnrolmentInput(@NotNull UUID customerId) {}

    @PostMapping("/api/loyalty/members")
    @Operation(
            summary = "Enrol a customer in the default program",
            description = "201 with the new member; 200 with the existing one when the customer already is a member. "
                    + "Customers are also enrolled on their first purchase when the program auto-enrols. A customer "
                    + "outside the caller's visibility is 404.")
    @ApiResponse(responseCode = "201", description = "Enrolled; Location names the member")
    @ApiResponse(responseCode = "200", description = "Already a member")
    ResponseEntity<MemberView> enrol(@Valid @RequestBody EnrolmentInput in) {
        Enrolment enrolment = memberships.enrolByRequest(in.customerId());
        MemberView view = memberships.view(enrolment.member(), null);
        return enrolment.created()
                ? ResponseEntity.created(URI.create("/api/loyalty/members/" + in.customerId()))
                        .body(view)
                : ResponseEntity.ok(view);
    }

    @GetMapping("/api/loyalty/members/{customerId}")
    @Operation(
            summary = "A customer's membership: balance, level and privileges, points expiring soon",
            description = "expiringWithinDays (1-366, default crm.loyalty.expiring-soon-days) sets the window of "
                    + "'expiring'. 404 for a customer who is no member or is outside the caller's visibility.")
    @ApiResponse(responseCode = "200", description = "The member")
    @ApiResponse(responseCode = "404", description = "No member (or not visible)")
    MemberView get(@PathVariable UUID customerId, @RequestParam(required = false) Integer expiringWithinDays) {
        if (expiringWithinDays != null && (expiringWithinDays < 1 || expiringWithinDays > 366)) {
            throw ApiException.invalid("expiringWithinDays", ErrorCode.OUT_OF_RANGE, "must be between 1 and 366");
        }
        return memberships.visibleView(customerId, expiringWithinDays);
    }

    @GetMapping("/api/loyalty/members/{customerId}/journal")
    @Operation(
            summary = "The member's points journal, newest first",
            description = "Every movement: purchases, feedback, adjustments, redemptions, reversals, debt "
                    + "settlements, expiries, merges, forfeiture. Keyset paging: limit (1-500, default 50), cursor.")
    @ApiResponse(responseCode = "200", description = "A page of entries; nextCursor is null on the last")
    @Parameter(
            name = "limit",
            description = "Page size",
            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
    CursorPage<JournalEntry> journal(
            @PathVariable UUID customerId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageLimit.resolve(limit);
        Long before = JournalCursor.decode(cursor);
        Member member = memberships.visibleMember(customerId);
        return CursorPage.of(
                memberships.journal(member.id(), before, size + 1), size, e -> JournalCursor.encode(e.seq()), e -> e);
    }

    @PostMapping("/api/loyalty/members/{customerId}/adjustments")
    @Operation(
            summary = "Credit or debit points by hand, with a reason",
            description = "Recorded in the journal with the actor from the token and in the audit log. A credit "
                    + "settles debt first and is a new lot; a debit takes the oldest lots and may not exceed the "
                    + "balance (422).")
    @ApiResponse(responseCode = "201", description = "Posted")
    @ApiResponse(responseCode = "422", description = "A debit larger than the balance")
    @ApiResponse(responseCode = "409", description = "The membership is merged or closed")
    ResponseEntity<AdjustmentResult> adjust(
            @PathVariable UUID customerId, @Valid @RequestBody AdjustmentInput in, CrmActor actor) {
        return ResponseEntity.status(HttpStatus.CREATED).body(adjustments.adjust(customerId, in, actor));
    }
}
