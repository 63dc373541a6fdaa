package com.crm.loyalty.member;

import com.crm.loyalty.member.Ledger.Movement;
import com.crm.loyalty.member.Ledger.Posted;
import com.crm.support.audit.AuditTrail;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.security.CrmActor;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Manual credits and debits, each with its reason and the actor from the token, in the journal and the audit log. */
@Service
class Adjustments {

    static final String EVENT_REASON = "ADJUSTMENT";

    record AdjustmentInput(
            @NotNull
            @Min(-1_000_000_000)
            @Max(1_000_000_000)
            @Schema(description = "Signed: a credit is positive, a debit negative; not 0")
            Long points,

            @NotBlank @Size(max = 500) @Schema(description = "Why (kept in the journal, removed on erasure)")
            String reason) {}

    record AdjustmentResult(UUID entryId, long points, long balance, long debt) {}

    private final Memberships memberships;
    private final Ledger ledger;
    private final AuditTrail audit;
    private final Clock clock;

    Adjustments(Memberships memberships, Ledger ledger, AuditTrail audit, Clock clock) {
        this.memberships = memberships;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    AdjustmentResult adjust(UUID customerId, AdjustmentInput in, CrmActor actor) {
        if (in.points() == 0) {
            throw ApiException.invalid("points", ErrorCode.OUT_OF_RANGE, "must not be 0");
        }
        Member member = memberships.visibleActiveMember(customerId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long points = Math.abs(in.points());
        Movement movement =
                new Movement(EntryKind.ADJUSTMENT, points, in.reason().strip(), EVENT_REASON, null, null, null, now);
        Posted posted = in.points() > 0 ? ledger.credit(member.id(), movement) : ledger.debit(member.id(), movement);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("memberId", member.id());
        details.put("entryId", posted.entryId());
        details.put("points", in.points());
        details.put("actorKind", actor.kind());
        audit.record("loyalty.points.adjusted", "loyalty-member", member.id(), customerId, details);
        return new AdjustmentResult(posted.entryId(), in.points(), posted.balance(), posted.debt());
    }
}
