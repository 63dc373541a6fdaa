package com.crm.loyalty.earning;

import com.crm.contracts.events.customer.CustomerLinked;
import com.crm.contracts.events.feedback.ResponseReceived;
import com.crm.contracts.events.purchase.PurchaseLine;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.purchase.PurchaseRefunded;
import com.crm.loyalty.earning.AccrualRepository.NewAccrual;
import com.crm.loyalty.earning.EarningCalculator.Line;
import com.crm.loyalty.earning.EarningCalculator.Purchase;
import com.crm.loyalty.earning.ProportionalReversal.Reversal;
import com.crm.loyalty.level.Levels;
import com.crm.loyalty.level.Levels.Standing;
import com.crm.loyalty.member.EntryKind;
import com.crm.loyalty.member.Ledger;
import com.crm.loyalty.member.Ledger.Credit;
import com.crm.loyalty.member.Ledger.LockedMembers;
import com.crm.loyalty.member.Ledger.Movement;
import com.crm.loyalty.member.Ledger.Posted;
import com.crm.loyalty.member.Member;
import com.crm.loyalty.member.Memberships;
import com.crm.loyalty.program.Program;
import com.crm.loyalty.program.ProgramRepository;
import com.crm.loyalty.risk.RiskHolds;
import com.crm.support.consumer.PoisonEventException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Points from what customers do: purchases earn by the earning rules (enrolling the customer on the first one when
 * the program auto-enrols), refunds take back in proportion, answered surveys earn the program's feedback points,
 * bringing in a customer earns the referrer the program's referral points. Each purchase, refund, response and
 * customer brought in counts once, also when its event is delivered again after the consumer's processed ids were
 * purged.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
class Accruals {

    static final String PURCHASE = "PURCHASE";
    static final String FEEDBACK = "FEEDBACK";
    static final String REFERRAL = "REFERRAL";
    /** customer-service's relationship type: the customer was brought in by the related one. */
    static final String REFERRED_BY = "REFERRED_BY";

    private final AccrualRepository accruals;
    private final EarningRuleRepository rules;
    private final Memberships memberships;
    private final Ledger ledger;
    private final Levels levels;
    private final ProgramRepository programs;
    private final RiskHolds risk;
    private final Clock clock;

    Accruals(
            AccrualRepository accruals,
            EarningRuleRepository rules,
            Memberships memberships,
            Ledger ledger,
            Levels levels,
            ProgramRepository programs,
            RiskHolds risk,
            Clock clock) {
        this.risk = risk;
        this.accruals = accruals;
        this.rules = rules;
        this.memberships = memberships;
        this.ledger = ledger;
        this.levels = levels;
        this.programs = programs;
        this.clock = clock;
    }

    /** Purchases of the batch being consumed, applied together by {@link #flush()}. */
    private final ThreadLocal<List<PurchaseRecorded>> pending = ThreadLocal.withInitial(ArrayList::new);

    /** A new batch starts: nothing pending (what a rolled-back attempt queued is queued again by its re-run). */
    @Transactional(propagation = Propagation.SUPPORTS)
    void beginBatch() {
        pending.get().clear();
    }

    /** Queues the purchase for {@link #flush()}; a purchase whose amount is no decimal is a poison event now. */
    void purchased(PurchaseRecorded e) {
        if (e.customerId() == null || e.purchaseId() == null) {
            return;
        }
        decimal(e.amount(), "amount");
        pending.get().add(e);
    }

    /**
     * Applies the queued purchases, set-based: members found (and enrolled) together, locked in id order, purchases
     * already accrued left out, points computed by the rules in order (daily caps count what the batch earned
     * before), then accruals, journal entries, lots, balances and events written with one batched statement each,
     * and upgrades checked with one query.
     */
    void flush() {
        List<PurchaseRecorded> queued = pending.get();
        if (queued.isEmpty()) {
            return;
        }
        Map<UUID, PurchaseRecorded> byId = new LinkedHashMap<>();
        for (PurchaseRecorded e : queued) {
            byId.putIfAbsent(e.purchaseId(), e);
        }
        queued.clear();
        Program program = programs.defaultProgram();
        Map<UUID, Member> byCustomer = memberships.activeMembersOf(
                byId.values().stream()
                        .map(PurchaseRecorded::customerId)
                        .collect(Collectors.toCollection(LinkedHashSet::new)),
                program.autoEnrol());
        LockedMembers locked =
                ledger.lockAll(byCustomer.values().stream().map(Member::id).collect(Collectors.toSet()));
        Set<UUID> done = accruals.accruedAmong(byId.keySet());
        // a confirmed fraud's purchases are recorded with 0 points: nothing to reverse later, nothing owed on clearance
        Set<UUID> held = risk.heldAmong(byCustomer.keySet());
        List<EarningRule> active = rules.active();
        Map<String, Long> earnedOnDay = new HashMap<>();
        List<NewAccrual> rows = new ArrayList<>();
        for (PurchaseRecorded e : byId.values()) {
            Member found = byCustomer.get(e.customerId());
            if (found == null || done.contains(e.purchaseId())) {
                continue;
            }
            Member member = locked.get(found.id());
            if (member == null || !member.active()) {
                // merged or closed between the lookup and the lock: the batch is applied again, one event at a time
                throw new IllegalStateException("member " + found.id() + " changed while the batch was applied");
            }
            Instant occurredAt = e.occurredAt() == null ? now() : e.occurredAt();
            BigDecimal amount = decimal(e.amount(), "amount");
            Purchase purchase = new Purchase(amount, e.channel(), occurredAt, lines(e.lines()));
            long points = held.contains(e.customerId())
                    ? 0
                    : EarningCalculator.points(
                            purchase,
                            program.pointsPerUnit(),
                            levels.find(member.levelCode()).pointsMultiplier(),
                            active);
            Long cap = EarningCalculator.dailyCap(purchase, active);
            if (cap != null && points > 0) {
                String day = member.id() + "/" + occurredAt.truncatedTo(ChronoUnit.DAYS);
                long earned = earnedOnDay.computeIfAbsent(day, d -> accruals.earnedOnDay(member.id(), occurredAt));
                points = EarningCalculator.capped(points, cap, earned);
                earnedOnDay.put(day, earned + points);
            }
            rows.add(new NewAccrual(e.purchaseId(), member.id(), amount, e.currency(), points, occurredAt));
        }
        if (rows.isEmpty()) {
            return;
        }
        Set<UUID> inserted = accruals.insertAccruals(rows);
        List<Credit> credits = new ArrayList<>();
        for (NewAccrual r : rows) {
            if (inserted.contains(r.purchaseId()) && r.points() > 0) {
                credits.add(new Credit(
                        r.memberId(),
                        new Movement(
                                EntryKind.PURCHASE,
                                r.points(),
                                null,
                                PURCHASE,
                                r.purchaseId(),
                                null,
                                null,
                                r.occurredAt())));
            }
        }
        ledger.creditAll(credits, locked);
        levels.upgradeAllIfQualified(
                rows.stream()
                        .map(NewAccrual::memberId)
                        .distinct()
                        .map(locked::get)
                        .map(m -> new Standing(m.id(), m.customerId(), m.levelCode()))
                        .toList(),
                now());
    }

    void refunded(PurchaseRefunded e) {
        flush();
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
        flush();
        if (e.customerId() == null || e.responseId() == null) {
            return;
        }
        int points = programs.defaultProgram().feedbackPoints();
        Instant at = e.submittedAt() == null ? now() : e.submittedAt();
        creditOnce(
                e.customerId(),
                new Movement(EntryKind.FEEDBACK, points, null, FEEDBACK, null, null, e.responseId(), at),
                memberId -> accruals.insertFeedbackAward(e.responseId(), memberId, points, at));
    }

    /**
     * A customer linked as brought in by another ({@code REFERRED_BY}): the referrer, when an active member not held
     * for a risk review, earns the program's referral points, once per customer brought in (a later link of the same
     * customer to anyone earns nothing). The journal entry does not name the customer brought in; the award does, until
     * either is erased.
     */
    void linked(CustomerLinked e) {
        if (!REFERRED_BY.equals(e.type())
                || e.customerId() == null
                || e.relatedCustomerId() == null
                || e.customerId().equals(e.relatedCustomerId())) {
            return;
        }
        UUID referrer = e.relatedCustomerId();
        int points = programs.defaultProgram().referralPoints();
        Instant at = e.linkedAt() == null ? now() : e.linkedAt();
        creditOnce(
                referrer,
                new Movement(EntryKind.REFERRAL, points, null, REFERRAL, null, null, null, at),
                memberId -> accruals.insertReferralAward(e.customerId(), referrer, memberId, points, at));
    }

    /**
     * Credits the customer's active membership with a movement that counts once, as {@code award} records (false:
     * recorded before): nothing for a customer who is no member or is held for a risk review, nor when the program
     * gives no points for it.
     */
    private void creditOnce(UUID customerId, Movement movement, Predicate<UUID> award) {
        Optional<Member> member = memberships.activeMemberOf(customerId);
        if (movement.points() <= 0 || member.isEmpty() || risk.held(customerId)) {
            return;
        }
        UUID memberId = member.get().id();
        ledger.lock(memberId);
        if (award.test(memberId)) {
            ledger.credit(memberId, movement);
        }
    }

    /** An erased customer's referral awards, as referrer or as the customer brought in, are forgotten. */
    void erased(UUID customerId) {
        if (customerId != null) {
            accruals.forgetReferrals(customerId);
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
