package com.crm.loyalty.earning;

import com.crm.contracts.events.feedback.ResponseReceived;
import com.crm.contracts.events.purchase.PurchaseLine;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.purchase.PurchaseRefunded;
import com.crm.loyalty.earning.EarningCalculator.Line;
import com.crm.loyalty.earning.EarningCalculator.Purchase;
import com.crm.loyalty.earning.ProportionalReversal.Reversal;
import com.crm.loyalty.level.Levels;
import com.crm.loyalty.member.EntryKind;
import com.crm.loyalty.member.Ledger;
import com.crm.loyalty.member.Ledger.Movement;
import com.crm.loyalty.member.Ledger.Posted;
import com.crm.loyalty.member.Member;
import com.crm.loyalty.member.Memberships;
import com.crm.loyalty.program.Program;
import com.crm.loyalty.program.ProgramRepository;
import com.crm.support.consumer.PoisonEventException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Points from what customers do: purchases earn by the earning rules (enrolling the customer on the first one when
 * the program auto-enrols), refunds take back in proportion, answered surveys earn the program's feedback points.
 * Each purchase, refund and response counts once, also when its event is delivered again after the consumer's
 * processed ids were purged.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
class Accruals {

    static final String PURCHASE = "PURCHASE";
    static final String FEEDBACK = "FEEDBACK";

    private final AccrualRepository accruals;
    private final EarningRuleRepository rules;
    private final Memberships memberships;
    private final Ledger ledger;
    private final Levels levels;
    private final ProgramRepository programs;
    private final Clock clock;

    Accruals(
            AccrualRepository accruals,
            EarningRuleRepository rules,
            Memberships memberships,
            Ledger ledger,
            Levels levels,
            ProgramRepository programs,
            Clock clock) {
        this.accruals = accruals;
        this.rules = rules;
        this.memberships = memberships;
        this.ledger = ledger;
        this.levels = levels;
        this.programs = programs;
        this.clock = clock;
    }

    void purchased(PurchaseRecorded e) {
        if (e.customerId() == null || e.purchaseId() == null || accruals.accrued(e.purchaseId())) {
            return;
        }
        BigDecimal amount = decimal(e.amount(), "amount");
        Instant occurredAt = e.occurredAt() == null ? now() : e.occurredAt();
        Program program = programs.defaultProgram();
        Optional<Member> found = memberships.activeMemberOf(e.customerId());
        if (found.isEmpty() && program.autoEnrol()) {
            found = Optional.of(memberships.enrol(e.customerId()).member()).filter(Member::active);
        }
        if (found.isEmpty()) {
            return;
        }
        Member member = ledger.lock(found.get().id());
        List<EarningRule> active = rules.active();
        Purchase purchase = new Purchase(amount, e.channel(), occurredAt, lines(e.lines()));
        long points = EarningCalculator.points(
                purchase,
                program.pointsPerUnit(),
                levels.find(member.levelCode()).pointsMultiplier(),
                active);
        Long cap = EarningCalculator.dailyCap(purchase, active);
        if (cap != null && points > 0) {
            points = EarningCalculator.capped(points, cap, accruals.earnedOnDay(member.id(), occurredAt));
        }
        if (!accruals.insertAccrual(e.purchaseId(), member.id(), amount, e.currency(), points, occurredAt)) {
            return;
        }
        if (points > 0) {
            ledger.credit(
                    member.id(),
                    new Movement(EntryKind.PURCHASE, points, null, PURCHASE, e.purchaseId(), null, null, occurredAt));
        }
        levels.upgradeIfQualified(member.id(), member.customerId(), member.levelCode(), now());
    }

    void refunded(PurchaseRefunded e) {
        if (e.customerId() == null || e.purchaseId() == null || accruals.refunded(e.purchaseId())) {
            return;
        }
        BigDecimal amount = decimal(e.amount(), "amount").abs();
        Instant occurredAt = e.occurredAt() == null ? now() : e.occurredAt();
        Optional<Member> found = memberships.activeMemberOf(e.customerId());
        if (found.isEmpty()) {
            return;
        }
        Member member = ledger.lock(found.get().id());
        if (!accruals.insertRefund(e.purchaseId(), member.id(), amount, 0, 0, occurredAt)) {
            return;
        }
        List<Reversal> reversals =
                ProportionalReversal.allocate(accruals.refundable(member.id(), e.purchaseId(), e.currency()), amount);
        long taken = 0;
        long debt = 0;
        for (Reversal r : reversals) {
            accruals.reversed(r.purchaseId(), r.refunded(), r.points());
            if (r.points() > 0) {
                Posted posted = ledger.reverse(member.id(), r.points(), r.purchaseId(), e.purchaseId(), occurredAt);
                taken += posted.points();
                debt += r.points() - posted.points();
            }
        }
        accruals.updateRefund(e.purchaseId(), taken, debt);
    }

    void responded(ResponseReceived e) {
        if (e.customerId() == null || e.responseId() == null) {
            return;
        }
        int points = programs.defaultProgram().feedbackPoints();
        Optional<Member> member = memberships.activeMemberOf(e.customerId());
        if (points <= 0 || member.isEmpty()) {
            return;
        }
        Instant at = e.submittedAt() == null ? now() : e.submittedAt();
        ledger.lock(member.get().id());
        if (accruals.insertFeedbackAward(e.responseId(), member.get().id(), points, at)) {
            ledger.credit(
                    member.get().id(),
                    new Movement(EntryKind.FEEDBACK, points, null, FEEDBACK, null, null, e.responseId(), at));
        }
    }

    private static List<Line> lines(List<PurchaseLine> lines) {
        if (lines == null) {
            return List.of();
        }
        return lines.stream()
                .filter(l -> l != null)
                .map(l -> new Line(l.category(), lineAmount(l)))
                .toList();
    }

    private static BigDecimal lineAmount(PurchaseLine l) {
        try {
            if (l.amount() != null) {
                return new BigDecimal(l.amount());
            }
            if (l.unitPrice() != null && l.quantity() != null) {
                return new BigDecimal(l.unitPrice()).multiply(BigDecimal.valueOf(l.quantity()));
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static BigDecimal decimal(String value, String field) {
        if (value == null) {
            throw new PoisonEventException("purchase event without " + field, null);
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new PoisonEventException("purchase event with a non-decimal " + field + ": " + value, e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
