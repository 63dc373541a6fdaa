package com.crm.loyalty.member;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.events.ActorRef;
import com.crm.contracts.events.loyalty.PointsEarned;
import com.crm.contracts.events.loyalty.PointsRedeemed;
import com.crm.contracts.events.loyalty.PointsReversed;
import com.crm.loyalty.LoyaltyProperties;
import com.crm.loyalty.member.JournalRepository.NewEntry;
import com.crm.loyalty.member.LotRepository.NewLot;
import com.crm.loyalty.program.ProgramRepository;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.problem.ApiException;
import com.crm.support.security.CrmActor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place points move. Every movement locks the member's row first, writes a journal entry, keeps the lots
 * (credits add one, debits consume them first in, first out), stores the new balance on the member (always the sum
 * of the journal) and appends its event to the outbox, all in the caller's transaction.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class Ledger {

    /** Event reason codes (no free text in events). */
    public static final String MERGE_IN = "MERGE_IN";

    public static final String MERGE_OUT = "MERGE_OUT";
    public static final String FORFEITED = "FORFEITED";

    private final MemberRepository members;
    private final JournalRepository journal;
    private final LotRepository lots;
    private final ProgramRepository programs;
    private final EventOutbox outbox;
    private final LoyaltyProperties properties;
    private final Clock clock;

    Ledger(
            MemberRepository members,
            JournalRepository journal,
            LotRepository lots,
            ProgramRepository programs,
            EventOutbox outbox,
            LoyaltyProperties properties,
            Clock clock) {
        this.members = members;
        this.journal = journal;
        this.lots = lots;
        this.programs = programs;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    /** A credit or debit to post. {@code reason} is the journal's free text (adjustments only). */
    public record Movement(
            EntryKind kind,
            long points,
            String reason,
            String eventReason,
            UUID purchaseId,
            UUID redemptionId,
            UUID referenceId,
            Instant occurredAt) {}

    /** The entry posted and the member's balance and debt after it (and after any debt settlement). */
    public record Posted(UUID entryId, long points, long balance, long debt) {}

    /** The member, locked until the end of the transaction. */
    public Member lock(UUID memberId) {
        return members.lock(memberId).orElseThrow(() -> new IllegalStateException("no member " + memberId));
    }

    /** A credit to a member. */
    public record Credit(UUID memberId, Movement movement) {}

    /**
     * Credits points as a new lot that expires the program's validity after {@code occurredAt}; a debt is settled
     * from it first (a {@link EntryKind#DEBT_SETTLEMENT} entry).
     */
    public Posted credit(UUID memberId, Movement m) {
        return creditAll(List.of(new Credit(memberId, m))).getFirst();
    }

    /**
     * Credits in order, set-based: the members are locked in id order, then the entries, lots, balances and events
     * of all credits are written with one batched statement each.
     */
    public List<Posted> creditAll(List<Credit> credits) {
        if (credits.isEmpty()) {
            return List.of();
        }
        return creditAll(credits, lockAll(credits.stream().map(Credit::memberId).collect(Collectors.toSet())));
    }

    /**
     * {@link #creditAll(List)} for members the caller has already locked with {@link #lockAll} in this transaction:
     * a consumed batch locks its members once, not once more to credit them. The balances start from the locked
     * rows, which are then brought up to date.
     */
    public List<Posted> creditAll(List<Credit> credits, LockedMembers locked) {
        if (credits.isEmpty()) {
            return List.of();
        }
        for (Credit c : credits) {
            if (c.movement().points() <= 0) {
                throw new IllegalArgumentException(
                        "a credit is positive: " + c.movement().points());
            }
        }
        Map<UUID, long[]> state = new LinkedHashMap<>();
        List<NewEntry> entries = new ArrayList<>();
        List<NewLot> newLots = new ArrayList<>();
        List<CrmEvent> events = new ArrayList<>();
        List<Posted> posted = new ArrayList<>();
        Instant now = now();
        for (Credit c : credits) {
            Member member = locked.get(c.memberId());
            if (member == null) {
                throw new IllegalStateException("no member " + c.memberId());
            }
            long[] s = state.computeIfAbsent(member.id(), id -> new long[] {member.balance(), member.debt()});
            Movement m = c.movement();
            long settle = Math.min(m.points(), s[1]);
            s[0] += m.points();
            UUID entryId = UUID.randomUUID();
            entries.add(entry(entryId, member, m.kind(), m.points(), s[0], s[1], m, now));
            events.add(new PointsEarned(
                    member.customerId(),
                    member.id(),
                    entryId,
                    m.points(),
                    s[0],
                    m.eventReason(),
                    m.purchaseId(),
                    m.occurredAt()));
            if (settle > 0) {
                s[0] -= settle;
                s[1] -= settle;
                UUID settlement = UUID.randomUUID();
                entries.add(new NewEntry(
                        settlement,
                        member.id(),
                        EntryKind.DEBT_SETTLEMENT,
                        -settle,
                        s[0],
                        s[1],
                        null,
                        null,
                        null,
                        entryId,
                        null,
                        m.occurredAt(),
                        now));
                events.add(new PointsReversed(
                        member.customerId(), member.id(), settlement, null, settle, 0, s[0], m.occurredAt()));
            }
            if (m.points() - settle > 0) {
                newLots.add(
                        new NewLot(member.id(), entryId, m.points() - settle, m.occurredAt(), expiry(m.occurredAt())));
            }
            posted.add(new Posted(entryId, m.points(), s[0], s[1]));
        }
        journal.insertAll(entries);
        lots.insertAll(newLots);
        members.setBalances(state);
        outbox.appendAll(events);
        state.forEach((id, s) -> locked.balanceChanged(id, s[0], s[1]));
        return posted;
    }

    /** The members, locked in id order until the end of the transaction. */
    public LockedMembers lockAll(Collection<UUID> memberIds) {
        return new LockedMembers(memberIds.isEmpty() ? List.of() : members.lockAll(memberIds));
    }

    /**
     * Members as read under their lock ({@link #lockAll}), kept current by the credits posted to them: only the
     * ledger makes one, so a balance a credit starts from is never one read before the lock.
     */
    public static final class LockedMembers {

        private final Map<UUID, Member> byId = new HashMap<>();

        private LockedMembers(List<Member> locked) {
            locked.forEach(m -> byId.put(m.id(), m));
        }

        /** The locked member, or null when it was not locked (no such member). */
        public Member get(UUID memberId) {
            return byId.get(memberId);
        }

        private void balanceChanged(UUID memberId, long balance, long debt) {
            Member m = byId.get(memberId);
            byId.put(
                    memberId,
                    new Member(
                            m.id(),
                            m.customerId(),
                            m.programId(),
                            m.memberNumber(),
                            m.status(),
                            balance,
                            debt,
                            m.levelCode(),
                            m.levelSince(),
                            m.levelReviewAt(),
                            m.enrolledAt(),
                            m.mergedInto()));
        }
    }

    /** Debits points from the oldest lots; {@code 422} when the balance is short. */
    public Posted debit(UUID memberId, Movement m) {
        if (m.points() <= 0) {
            throw new IllegalArgumentException("a debit is positive: " + m.points());
        }
        Member member = lock(memberId);
        if (member.balance() < m.points()) {
            throw insufficient(member.balance(), m.points());
        }
        lots.consume(LotConsumption.consume(lots.open(memberId), m.points()));
        long balance = member.balance() - m.points();
        UUID entryId = UUID.randomUUID();
        journal.insert(entry(entryId, member, m.kind(), -m.points(), balance, member.debt(), m, now()));
        members.setBalance(memberId, balance, member.debt());
        outbox.append(new PointsRedeemed(
                member.customerId(),
                memberId,
                entryId,
                m.points(),
                balance,
                m.eventReason(),
                m.redemptionId(),
                m.occurredAt()));
        return new Posted(entryId, m.points(), balance, member.debt());
    }

    /**
     * Takes back points earned on a refunded purchase: as much as the balance holds (oldest lots first), the rest
     * becomes debt; the balance never goes negative.
     */
    public Posted reverse(UUID memberId, long points, UUID purchaseId, UUID refundId, Instant occurredAt) {
        Member member = lock(memberId);
        long take = Math.min(points, member.balance());
        long debt = member.debt() + (points - take);
        lots.consume(LotConsumption.consume(lots.openPreferring(memberId, purchaseId), take));
        long balance = member.balance() - take;
        UUID entryId = UUID.randomUUID();
        journal.insert(new NewEntry(
                entryId,
                memberId,
                EntryKind.REVERSAL,
                -take,
                balance,
                debt,
                null,
                purchaseId,
                null,
                refundId,
                null,
                occurredAt,
                now()));
        members.setBalance(memberId, balance, debt);
        outbox.append(new PointsReversed(
                member.customerId(), memberId, entryId, purchaseId, take, points - take, balance, occurredAt));
        return new Posted(entryId, take, balance, debt);
    }

    /**
     * Moves a merged member's balance, debt, lots and purchase history to the survivor's member (both locked, in id
     * order): a {@code MERGE_OUT} entry empties the merged one, a {@code MERGE_IN} entry credits the survivor.
     */
    public void merge(UUID mergedMemberId, UUID survivorMemberId) {
        Instant now = now();
        Member merged;
        Member survivor;
        if (mergedMemberId.compareTo(survivorMemberId) < 0) {
            merged = lock(mergedMemberId);
            survivor = lock(survivorMemberId);
        } else {
            survivor = lock(survivorMemberId);
            merged = lock(mergedMemberId);
        }
        long moved = merged.balance();
        UUID out = UUID.randomUUID();
        UUID in = UUID.randomUUID();
        journal.insert(new NewEntry(
                out, merged.id(), EntryKind.MERGE_OUT, -moved, 0, 0, null, null, null, survivor.id(), null, now, now));
        long balance = survivor.balance() + moved;
        long debt = survivor.debt() + merged.debt();
        journal.insert(new NewEntry(
                in,
                survivor.id(),
                EntryKind.MERGE_IN,
                moved,
                balance,
                debt,
                null,
                null,
                null,
                merged.id(),
                null,
                now,
                now));
        lots.moveAll(merged.id(), survivor.id());
        members.moveHistory(merged.id(), survivor.id());
        members.markMerged(merged.id(), survivor.id(), now);
        members.setBalance(survivor.id(), balance, debt);
        if (moved > 0) {
            outbox.append(new PointsRedeemed(merged.customerId(), merged.id(), out, moved, 0, MERGE_OUT, null, now));
            outbox.append(
                    new PointsEarned(survivor.customerId(), survivor.id(), in, moved, balance, MERGE_IN, null, now));
        }
    }

    /**
     * Erasure: the balance is forfeited (a {@code FORFEIT} entry), debt forgiven, the journal's free text removed and
     * the member closed.
     */
    public void forfeitAndClose(UUID memberId) {
        Instant now = now();
        Member member = lock(memberId);
        long balance = member.balance();
        if (balance > 0 || member.debt() > 0) {
            UUID entryId = UUID.randomUUID();
            journal.insert(new NewEntry(
                    entryId, memberId, EntryKind.FORFEIT, -balance, 0, 0, null, null, null, null, null, now, now));
            if (balance > 0) {
                outbox.append(
                        new PointsRedeemed(member.customerId(), memberId, entryId, balance, 0, FORFEITED, null, now));
            }
        }
        lots.emptyAll(memberId);
        journal.anonymise(memberId);
        members.close(memberId, now);
    }

    /** When a lot earned at {@code earnedAt} expires: the program's validity (months) later. */
    public Instant expiry(Instant earnedAt) {
        int months = programs.defaultProgram().validityMonths(properties.pointsValidityMonths());
        return earnedAt.atOffset(ZoneOffset.UTC).plusMonths(months).toInstant();
    }

    private NewEntry entry(
            UUID id, Member member, EntryKind kind, long signed, long balance, long debt, Movement m, Instant now) {
        ActorRef actor = kind == EntryKind.ADJUSTMENT
                ? CrmActor.currentIfAny().map(CrmActor::ref).orElse(null)
                : null;
        return new NewEntry(
                id,
                member.id(),
                kind,
                signed,
                balance,
                debt,
                m.reason(),
                m.purchaseId(),
                m.redemptionId(),
                m.referenceId(),
                actor,
                m.occurredAt(),
                now);
    }

    static ApiException insufficient(long balance, long wanted) {
        return ApiException.ruleViolation(
                "Insufficient points", "The balance is " + balance + " points, " + wanted + " are needed");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
