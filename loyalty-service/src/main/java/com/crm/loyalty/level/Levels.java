package com.crm.loyalty.level;

import com.crm.contracts.events.loyalty.LevelChanged;
import com.crm.loyalty.LoyaltyProperties;
import com.crm.loyalty.level.LevelQualification.Move;
import com.crm.loyalty.level.LevelRepository.Qualifying;
import com.crm.loyalty.program.Program;
import com.crm.loyalty.program.ProgramRepository;
import com.crm.support.outbox.EventOutbox;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Member levels: upgrades at once when an accrual qualifies a member for a higher level; downgrades only when the
 * scheduled review finds a member past the review date plus the program's grace period who no longer qualifies.
 * Every change is a {@link LevelChanged} event.
 */
@Service
public class Levels {

    private static final Logger log = LoggerFactory.getLogger(Levels.class);

    static final String QUALIFIED = "QUALIFIED";
    static final String REVIEW = "REVIEW";

    private final LevelRepository repository;
    private final ProgramRepository programs;
    private final EventOutbox outbox;
    private final Clock clock;
    private final LoyaltyProperties properties;

    Levels(
            LevelRepository repository,
            ProgramRepository programs,
            EventOutbox outbox,
            Clock clock,
            LoyaltyProperties properties) {
        this.repository = repository;
        this.programs = programs;
        this.outbox = outbox;
        this.clock = clock;
        this.properties = properties;
    }

    public List<Level> all() {
        return repository.all();
    }

    /** The level by code; the entry level for a code no longer configured. */
    public Level find(String code) {
        return repository.find(code).orElseGet(this::entry);
    }

    /** Where members start: the lowest rank. */
    public Level entry() {
        return repository.all().getFirst();
    }

    /** When a level reached at {@code at} is next reviewed. */
    public Instant reviewAfter(Instant at) {
        Program program = programs.defaultProgram();
        return at.atOffset(ZoneOffset.UTC)
                .plusMonths(program.levelReviewMonths())
                .toInstant();
    }

    /**
     * Upgrades a member (whose row the caller has locked) who now qualifies for a higher level, at once.
     *
     * @return the new level's code, or the current one
     */
    public String upgradeIfQualified(UUID memberId, UUID customerId, String currentCode, Instant now) {
        Program program = programs.defaultProgram();
        Instant since = now.atOffset(ZoneOffset.UTC)
                .minusMonths(program.levelWindowMonths())
                .toInstant();
        Qualifying q = repository.qualifying(memberId, since);
        List<Level> levels = repository.all();
        Level current = levels.stream()
                .filter(l -> l.code().equals(currentCode))
                .findFirst()
                .orElse(null);
        Level qualified = LevelQualification.qualifiedFor(levels, q.points(), q.spend());
        if (LevelQualification.move(current, qualified, false) != Move.UPGRADE) {
            return currentCode;
        }
        repository.changeLevel(memberId, qualified.code(), now, reviewAfter(now));
        outbox.append(new LevelChanged(customerId, memberId, currentCode, qualified.code(), QUALIFIED, now));
        return qualified.code();
    }

    /** A member as an upgrade check needs it. */
    public record Standing(UUID memberId, UUID customerId, String levelCode) {}

    /** {@link #upgradeIfQualified} for several members (locked by the caller), with one qualification query. */
    public void upgradeAllIfQualified(List<Standing> members, Instant now) {
        if (members.isEmpty()) {
            return;
        }
        Program program = programs.defaultProgram();
        Instant since = now.atOffset(ZoneOffset.UTC)
                .minusMonths(program.levelWindowMonths())
                .toInstant();
        List<Level> levels = repository.all();
        Map<String, Level> byCode = levels.stream().collect(Collectors.toMap(Level::code, Function.identity()));
        Map<UUID, Qualifying> qualifying =
                repository
                        .qualifyingAll(members.stream().map(Standing::memberId).toList(), since)
                        .stream()
                        .collect(Collectors.toMap(Qualifying::memberId, Function.identity()));
        Map<UUID, String> upgrades = new HashMap<>();
        List<LevelChanged> changes = new ArrayList<>();
        for (Standing m : members) {
            Qualifying q = qualifying.get(m.memberId());
            if (q == null) {
                continue;
            }
            Level qualified = LevelQualification.qualifiedFor(levels, q.points(), q.spend());
            if (LevelQualification.move(byCode.get(m.levelCode()), qualified, false) == Move.UPGRADE) {
                upgrades.put(m.memberId(), qualified.code());
                changes.add(new LevelChanged(
                        m.customerId(), m.memberId(), m.levelCode(), qualified.code(), QUALIFIED, now));
            }
        }
        repository.changeLevels(upgrades, now, reviewAfter(now));
        outbox.appendAll(changes);
    }

    @Scheduled(
            fixedDelayString = "${crm.loyalty.level-review-interval:PT1H}",
            initialDelayString = "${crm.loyalty.level-review-initial-delay:PT1M}")
    public void scheduledReview() {
        int reviewed;
        do {
            reviewed = review(clock.instant().truncatedTo(ChronoUnit.MICROS));
        } while (reviewed >= properties.levelReviewBatchSize());
    }

    /**
     * Reviews one batch of members whose review date plus the grace period has passed at {@code now}: those who no
     * longer qualify move down to the level they qualify for ({@code REVIEW}); every reviewed member's next review
     * is a review period from now. Concurrent reviews (replicas) skip each other's members.
     *
     * @return members reviewed
     */
    @Transactional
    public int review(Instant now) {
        Program program = programs.defaultProgram();
        Instant dueBefore = now.minus(program.levelGraceDays(), ChronoUnit.DAYS);
        Instant since = now.atOffset(ZoneOffset.UTC)
                .minusMonths(program.levelWindowMonths())
                .toInstant();
        List<Qualifying> due = repository.lockDueForReview(dueBefore, since, properties.levelReviewBatchSize());
        if (due.isEmpty()) {
            return 0;
        }
        List<Level> levels = repository.all();
        Map<String, Level> byCode = levels.stream().collect(Collectors.toMap(Level::code, Function.identity()));
        Instant nextReview = reviewAfter(now);
        List<UUID> renewed = new ArrayList<>();
        List<LevelChanged> changes = new ArrayList<>();
        for (Qualifying q : due) {
            Level current = byCode.get(q.levelCode());
            Level qualified = LevelQualification.qualifiedFor(levels, q.points(), q.spend());
            if (current == null || qualified.rank() != current.rank()) {
                repository.changeLevel(q.memberId(), qualified.code(), now, nextReview);
                changes.add(
                        new LevelChanged(q.customerId(), q.memberId(), q.levelCode(), qualified.code(), REVIEW, now));
            } else {
                renewed.add(q.memberId());
            }
        }
        repository.renewReview(renewed, nextReview);
        outbox.appendAll(changes);
        if (!changes.isEmpty()) {
            log.info("Level review: {} of {} members changed level", changes.size(), due.size());
        }
        return due.size();
    }
}
