package com.crm.loyalty.reward;

import com.crm.contracts.events.loyalty.RewardRedeemed;
import com.crm.loyalty.member.EntryKind;
import com.crm.loyalty.member.Ledger;
import com.crm.loyalty.member.Ledger.Movement;
import com.crm.loyalty.member.Ledger.Posted;
import com.crm.loyalty.member.Member;
import com.crm.loyalty.member.Memberships;
import com.crm.loyalty.reward.RedemptionRepository.Stored;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Members spend points on rewards. Idempotent by the client's {@code redemptionId} (the same id again answers the
 * first redemption, debiting nothing); race-safe: the reward's stock is taken by one conditional update and the
 * points under the member's row lock, so concurrent redemptions never oversell a reward nor overspend a balance.
 */
@Service
class Redemptions {

    static final String REASON = "REDEMPTION";

    record RedemptionInput(
            @NotNull UUID rewardId,
            @NotNull @Min(1) @Max(100) Integer quantity,

            @NotNull @Schema(description = "Chosen by the client: the same id again is the same redemption")
            UUID redemptionId) {}

    record RedemptionView(
            UUID redemptionId,
            UUID customerId,
            UUID memberId,
            UUID rewardId,
            int quantity,
            @Schema(description = "Points spent") long points,

            @Schema(description = "The balance right after this redemption")
            long balanceAfter,

            Instant redeemedAt) {}

    record Outcome(RedemptionView redemption, boolean created) {}

    private final Memberships memberships;
    private final Ledger ledger;
    private final RewardRepository rewards;
    private final RedemptionRepository redemptions;
    private final EventOutbox outbox;
    private final Clock clock;

    Redemptions(
            Memberships memberships,
            Ledger ledger,
            RewardRepository rewards,
            RedemptionRepository redemptions,
            EventOutbox outbox,
            Clock clock) {
        this.memberships = memberships;
        this.ledger = ledger;
        this.rewards = rewards;
        this.redemptions = redemptions;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    Outcome redeem(UUID customerId, RedemptionInput in) {
        Member member = memberships.visibleActiveMember(customerId);
        if (rewards.find(in.rewardId()).isEmpty()) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    ProblemTypes.RULE_VIOLATION,
                    "Unknown reward",
                    "No reward " + in.rewardId(),
                    List.of(new FieldViolation("rewardId", ErrorCode.UNKNOWN_REFERENCE, "no such reward")));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!redemptions.claim(in.redemptionId(), member.id(), in.rewardId(), in.quantity(), now)) {
            return new Outcome(replay(member, in), false);
        }
        Long cost = rewards.take(in.rewardId(), in.quantity()).orElseThrow(() -> unavailable(in.rewardId()));
        long points = Math.multiplyExact(cost, (long) in.quantity());
        Posted posted = ledger.debit(
                member.id(),
                new Movement(EntryKind.REDEMPTION, points, null, REASON, null, in.redemptionId(), in.rewardId(), now));
        redemptions.complete(in.redemptionId(), points, posted.balance(), posted.entryId());
        outbox.append(
                new RewardRedeemed(member.customerId(), member.id(), in.redemptionId(), in.rewardId(), points, now));
        return new Outcome(
                new RedemptionView(
                        in.redemptionId(),
                        member.customerId(),
                        member.id(),
                        in.rewardId(),
                        in.quantity(),
                        points,
                        posted.balance(),
                        now),
                true);
    }

    /** The same redemption id again: the first answer when it is the same redemption, 409 otherwise. */
    private RedemptionView replay(Member member, RedemptionInput in) {
        Stored s = redemptions
                .find(in.redemptionId())
                .orElseThrow(
                        () -> ApiException.conflict("Redemption " + in.redemptionId() + " is being processed; retry"));
        if (!s.memberId().equals(member.id()) || !s.rewardId().equals(in.rewardId()) || s.quantity() != in.quantity()) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    ProblemTypes.CONFLICT,
                    "Redemption id already used",
                    "Redemption " + in.redemptionId() + " was another redemption",
                    List.of(new FieldViolation(
                            "redemptionId", ErrorCode.TAKEN, "already used for another redemption")));
        }
        return new RedemptionView(
                s.id(),
                s.customerId(),
                s.memberId(),
                s.rewardId(),
                s.quantity(),
                s.points(),
                s.balanceAfter(),
                s.redeemedAt());
    }

    private ApiException unavailable(UUID rewardId) {
        Reward reward = rewards.find(rewardId).orElseThrow();
        if (!reward.active()) {
            return ApiException.ruleViolation("Reward not available", "Reward " + rewardId + " is not active");
        }
        return new ApiException(
                HttpStatus.CONFLICT,
                ProblemTypes.CONFLICT,
                "Out of stock",
                "Reward " + rewardId + " has " + reward.stock() + " units left",
                List.of());
    }
}
