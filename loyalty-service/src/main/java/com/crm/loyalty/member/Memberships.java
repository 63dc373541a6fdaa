package com.crm.loyalty.member;

import com.crm.contracts.events.loyalty.LevelChanged;
import com.crm.loyalty.LoyaltyProperties;
import com.crm.loyalty.access.CustomerAccess;
import com.crm.loyalty.level.Level;
import com.crm.loyalty.level.Levels;
import com.crm.loyalty.member.LotRepository.Expiring;
import com.crm.loyalty.program.Program;
import com.crm.loyalty.program.ProgramRepository;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.problem.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Members: enrolment, reads, and what a customer's merge or erasure does to their membership. */
@Service
public class Memberships {

    private final MemberRepository members;
    private final JournalRepository journal;
    private final LotRepository lots;
    private final Ledger ledger;
    private final Levels levels;
    private final ProgramRepository programs;
    private final CustomerAccess access;
    private final EventOutbox outbox;
    private final LoyaltyProperties properties;
    private final Clock clock;

    Memberships(
            MemberRepository members,
            JournalRepository journal,
            LotRepository lots,
            Ledger ledger,
            Levels levels,
            ProgramRepository programs,
            CustomerAccess access,
            EventOutbox outbox,
            LoyaltyProperties properties,
            Clock clock) {
        this.members = members;
        this.journal = journal;
        this.lots = lots;
        this.ledger = ledger;
        this.levels = levels;
        this.programs = programs;
        this.access = access;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    public record Enrolment(Member member, boolean created) {}

    /**
     * Enrols the customer in the default program, at the entry level ({@code LevelChanged} from null); a customer
     * who already is a member is answered with that membership.
     */
    @Transactional
    public Enrolment enrol(UUID customerId) {
        Optional<Member> existing = members.findByCustomer(customerId);
        if (existing.isPresent()) {
            return new Enrolment(existing.get(), false);
        }
        Program program = programs.defaultProgram();
        Level entry = levels.entry();
        Instant now = now();
        UUID id = UUID.randomUUID();
        if (!members.insert(id, customerId, program.id(), entry.code(), now, levels.reviewAfter(now))) {
            return new Enrolment(members.findByCustomer(customerId).orElseThrow(), false);
        }
        outbox.append(new LevelChanged(customerId, id, null, entry.code(), "QUALIFIED", now));
        return new Enrolment(members.find(id).orElseThrow(), true);
    }

    /** Enrolment asked over the API: 404 for a customer outside the caller's visibility, 409 when closed. */
    @Transactional
    public Enrolment enrolByRequest(UUID customerId) {
        access.refuseHidden(customerId);
        Enrolment enrolment = enrol(customerId);
        if (!enrolment.member().active()) {
            throw ApiException.conflict("The membership of customer " + customerId + " is "
                    + enrolment.member().status());
        }
        return enrolment;
    }

    /**
     * The active members of the customers (following merges), enrolling those who are no member yet when
     * {@code enrolMissing}; customers without an active membership are left out.
     */
    @Transactional
    public Map<UUID, Member> activeMembersOf(Collection<UUID> customerIds, boolean enrolMissing) {
        Map<UUID, Member> found = new HashMap<>();
        for (Member m : members.findByCustomers(customerIds)) {
            found.put(m.customerId(), m);
        }
        List<UUID> missing =
                customerIds.stream().filter(c -> !found.containsKey(c)).toList();
        if (enrolMissing && !missing.isEmpty()) {
            enrolAll(missing).forEach(m -> found.put(m.customerId(), m));
        }
        Map<UUID, Member> active = new HashMap<>();
        for (UUID customer : customerIds) {
            Member m = found.get(customer);
            if (m != null && Member.MERGED.equals(m.status())) {
                m = activeMemberOf(customer).orElse(null);
            }
            if (m != null && m.active()) {
                active.put(customer, m);
            }
        }
        return active;
    }

    /** Enrols the customers with one batched insert; {@code LevelChanged} for those this call enrolled. */
    private List<Member> enrolAll(List<UUID> customers) {
        Program program = programs.defaultProgram();
        Level entry = levels.entry();
        Instant now = now();
        Map<UUID, UUID> ids = new HashMap<>();
        customers.forEach(c -> ids.put(c, UUID.randomUUID()));
        List<Member> enrolled =
                new ArrayList<>(members.insertAll(ids, program.id(), entry.code(), now, levels.reviewAfter(now)));
        outbox.appendAll(enrolled.stream()
                .map(m -> new LevelChanged(m.customerId(), m.id(), null, entry.code(), "QUALIFIED", now))
                .toList());
        if (enrolled.size() < customers.size()) {
            // enrolled meanwhile by another transaction (the insert waited for it to commit)
            Set<UUID> created = enrolled.stream().map(Member::customerId).collect(Collectors.toSet());
            enrolled.addAll(members.findByCustomers(
                    customers.stream().filter(c -> !created.contains(c)).toList()));
        }
        return enrolled;
    }

    /** The customer's membership, following merges to the surviving member. */
    public Optional<Member> activeMemberOf(UUID customerId) {
        Optional<Member> member = members.findByCustomer(customerId);
        int hops = 0;
        while (member.isPresent() && Member.MERGED.equals(member.get().status()) && hops++ < 10) {
            member = members.find(member.get().mergedInto());
        }
        return member.filter(Member::active);
    }

    /** The member of a customer the caller sees; 404 for one outside their visibility, as for a non-member. */
    public Member visibleMember(UUID customerId) {
        if (!access.visible(customerId)) {
            throw ApiException.notFound("Member", customerId);
        }
        return members.findByCustomer(customerId).orElseThrow(() -> ApiException.notFound("Member", customerId));
    }

    /** The visible customer's active member (for writes): 404 when none, 409 when merged or closed. */
    public Member visibleActiveMember(UUID customerId) {
        Member member = visibleMember(customerId);
        if (!member.active()) {
            throw ApiException.conflict("The membership of customer " + customerId + " is " + member.status());
        }
        return member;
    }

    public MemberView view(Member m, Integer expiringWithinDays) {
        int days = expiringDays(expiringWithinDays);
        Expiring expiring =
                m.active() ? lots.expiring(m.id(), now().plus(days, ChronoUnit.DAYS)) : new Expiring(0, null);
        return view(m, days, expiring);
    }

    /**
     * The member of a customer the caller sees, as {@link #view(Member, Integer)} shows it, read with one query;
     * 404 for one outside the caller's visibility, as for a non-member.
     */
    public MemberView visibleView(UUID customerId, Integer expiringWithinDays) {
        if (!access.visible(customerId)) {
            throw ApiException.notFound("Member", customerId);
        }
        int days = expiringDays(expiringWithinDays);
        return members.findByCustomerWithExpiring(customerId, now().plus(days, ChronoUnit.DAYS))
                .map(found -> view(found.member(), days, found.expiring()))
                .orElseThrow(() -> ApiException.notFound("Member", customerId));
    }

    private int expiringDays(Integer expiringWithinDays) {
        return expiringWithinDays == null ? properties.expiringSoonDays() : expiringWithinDays;
    }

    private MemberView view(Member m, int days, Expiring expiring) {
        Level level = levels.find(m.levelCode());
        return new MemberView(
                m.id(),
                m.customerId(),
                m.memberNumber(),
                m.status(),
                m.balance(),
                m.debt(),
                new MemberView.LevelView(level.code(), level.name(), level.privileges()),
                m.levelSince(),
                m.levelReviewAt(),
                m.enrolledAt(),
                new MemberView.ExpiringView(days, expiring.points(), expiring.first()));
    }

    public List<JournalEntry> journal(UUID memberId, Long beforeSeq, int limit) {
        return journal.page(memberId, beforeSeq, limit);
    }

    /** Whether the stored balance equals the journal's sum and the lots' remaining points. */
    public boolean consistent(UUID memberId) {
        Member m = members.find(memberId).orElseThrow();
        return journal.sum(memberId) == m.balance() && lots.remaining(memberId) == m.balance();
    }

    /**
     * {@code crm.customer.merged}: each merged customer's membership goes to the survivor. A survivor without one
     * takes over the first merged membership; others are combined into it (balances, debt, lots, history).
     */
    @Transactional
    public void merged(UUID survivorCustomer, List<UUID> mergedCustomers) {
        for (UUID mergedCustomer : mergedCustomers) {
            Optional<Member> merged = members.findByCustomer(mergedCustomer).filter(Member::active);
            if (merged.isEmpty()) {
                continue;
            }
            Optional<Member> survivor = members.findByCustomer(survivorCustomer);
            if (survivor.isEmpty()) {
                ledger.lock(merged.get().id());
                members.rekey(merged.get().id(), survivorCustomer);
            } else if (survivor.get().active()) {
                ledger.merge(merged.get().id(), survivor.get().id());
                Member s = ledger.lock(survivor.get().id());
                levels.upgradeIfQualified(s.id(), s.customerId(), s.levelCode(), now());
            }
        }
    }

    /** {@code crm.customer.erased}: the balance is forfeited, the journal anonymised, the membership closed. */
    @Transactional
    public void erased(UUID customerId) {
        members.findByCustomer(customerId)
                .filter(m -> !Member.CLOSED.equals(m.status()))
                .ifPresent(m -> ledger.forfeitAndClose(m.id()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
