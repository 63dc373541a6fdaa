package com.crm.feedback.complaint;

import com.crm.contracts.events.ActorRef;
import com.crm.contracts.events.feedback.ComplaintOpened;
import com.crm.contracts.events.feedback.ComplaintResolved;
import com.crm.contracts.events.feedback.ComplaintSlaBreached;
import com.crm.feedback.Channel;
import com.crm.feedback.FeedbackProperties;
import com.crm.feedback.FeedbackProperties.Severity;
import com.crm.feedback.OneOf;
import com.crm.feedback.customer.CustomerAccess;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import com.crm.support.security.CrmActor;
import com.crm.support.web.ETags;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Complaints, their SLA deadlines by severity, lifecycle, assignment and escalation of breaches (once each). */
@Service
public class ComplaintService {

    private static final Logger log = LoggerFactory.getLogger(ComplaintService.class);

    public record ComplaintInput(
            @NotNull UUID customerId,

            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_.-]*", message = "letters, digits, _ . or -")
            String category,

            @NotNull Severity severity,

            @OneOf(Channel.class) @Schema(implementation = Channel.class)
            String channel,

            @NotBlank @Size(max = 10_000) String description,
            UUID interactionId,

            @Size(max = 200) @Pattern(regexp = NOT_BLANK, message = "must not be blank")
            String assignee,

            @Size(max = 128)
            @Pattern(regexp = "\\S(.*\\S)?", message = "no leading or trailing blanks")
            @Schema(description = "The product code (SKU) complained about")
            String productCode) {}

    /** A value that is more than blanks, for optional strings that must say something when given. */
    static final String NOT_BLANK = "(?s).*\\S.*";

    public record ComplaintView(
            UUID id,
            UUID customerId,
            String category,
            Severity severity,
            String channel,
            String description,
            UUID interactionId,
            ComplaintStatus status,
            String assignee,
            String resolution,
            Instant openedAt,
            Instant dueAt,
            Instant acknowledgedAt,
            Instant resolvedAt,
            Instant closedAt,
            Instant escalatedAt,
            int reopenedCount,
            boolean breached,
            long version,
            String productCode,

            @Schema(description = "Who opened it (from the token)")
            ActorRef openedBy,

            @Schema(description = "Who resolved it (from the token), once resolved")
            ActorRef resolvedBy) {}

    private final ComplaintRepository repository;
    private final EventOutbox outbox;
    private final FeedbackProperties properties;
    private final Clock clock;
    private final CustomerAccess access;

    ComplaintService(
            ComplaintRepository repository,
            EventOutbox outbox,
            FeedbackProperties properties,
            Clock clock,
            CustomerAccess access) {
        this.access = access;
        this.repository = repository;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public ComplaintView open(ComplaintInput in) {
        if (access.hidden(in.customerId())) {
            // a customer outside the caller's visibility: nothing is written (one not projected here yet, e.g. just
            // registered, is accepted as for every caller)
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    ProblemTypes.RULE_VIOLATION,
                    "Unknown customer",
                    "No customer " + in.customerId() + " within your visibility",
                    List.of(new FieldViolation(
                            "customerId", ErrorCode.UNKNOWN_REFERENCE, "no such customer within your visibility")));
        }
        UUID id = UUID.randomUUID();
        Instant now = now();
        Instant due = now.plus(properties.slaFor(in.severity()));
        ActorRef by = actor();
        repository.insert(id, in, now, due, by);
        outbox.append(new ComplaintOpened(
                in.customerId(),
                id,
                in.category(),
                in.severity().name(),
                in.channel(),
                in.interactionId(),
                now,
                due,
                in.productCode(),
                by));
        // the caller's own new complaint, also for a customer whose owner this service has not learnt yet
        return repository.find(id).orElseThrow();
    }

    /** Who is acting: the caller's token (null for work no caller asked for). */
    private static ActorRef actor() {
        return CrmActor.currentIfAny().map(CrmActor::ref).orElse(null);
    }

    public ComplaintView get(UUID id) {
        // a customer outside the caller's visibility: as if there were no such complaint
        return repository
                .find(id)
                .filter(c -> access.visible(c.customerId()))
                .orElseThrow(() -> ApiException.notFound("Complaint", id));
    }

    /** Newest first, after the previous page's last complaint when {@code after} is given. */
    public List<ComplaintView> list(
            UUID customerId, ComplaintStatus status, String assignee, KeysetCursor after, int limit) {
        return repository.list(customerId, status, assignee, after, limit, access.condition("c.customer_id"));
    }

    @Transactional
    public ComplaintView acknowledge(UUID id, String ifMatch) {
        lockAndMove(id, ComplaintStatus.ACKNOWLEDGED, ifMatch);
        repository.acknowledge(id, now());
        return get(id);
    }

    @Transactional
    public ComplaintView resolve(UUID id, String resolution, String ifMatch) {
        ComplaintView c = lockAndMove(id, ComplaintStatus.RESOLVED, ifMatch);
        Instant now = now();
        ActorRef by = actor();
        repository.resolve(id, resolution, now, by);
        outbox.append(new ComplaintResolved(
                c.customerId(),
                id,
                c.category(),
                c.severity().name(),
                c.openedAt(),
                c.dueAt(),
                now,
                !now.isAfter(c.dueAt()),
                by));
        return get(id);
    }

    @Transactional
    public ComplaintView close(UUID id, String ifMatch) {
        lockAndMove(id, ComplaintStatus.CLOSED, ifMatch);
        repository.close(id, now());
        return get(id);
    }

    /** Back to OPEN with a fresh SLA deadline from now; a breach of the new deadline escalates again (once). */
    @Transactional
    public ComplaintView reopen(UUID id, String reason, String ifMatch) {
        ComplaintView c = lockAndMove(id, ComplaintStatus.OPEN, ifMatch);
        Instant now = now();
        repository.reopen(id, now.plus(properties.slaFor(c.severity())), "\n[reopened " + now + "] " + reason);
        outbox.append(new ComplaintOpened(
                c.customerId(),
                id,
                c.category(),
                c.severity().name(),
                c.channel(),
                c.interactionId(),
                now,
                now.plus(properties.slaFor(c.severity())),
                c.productCode(),
                actor()));
        return get(id);
    }

    @Transactional
    public ComplaintView assign(UUID id, String assignee, String ifMatch) {
        lock(id, ifMatch);
        repository.assign(id, assignee);
        return get(id);
    }

    /**
     * Escalates every unresolved complaint past its deadline, once: the conditional update claims each breach in
     * the transaction that records its event, so concurrent checks (several replicas) never escalate one twice.
     */
    @Scheduled(fixedDelayString = "${crm.feedback.sla-check-interval:PT1M}", initialDelayString = "PT1S")
    @Transactional
    public int escalateBreaches() {
        Instant now = now();
        List<ComplaintView> breached = repository.escalateBreaches(now);
        for (ComplaintView c : breached) {
            log.info("Complaint {} breached its SLA (due {})", c.id(), c.dueAt());
            outbox.append(new ComplaintSlaBreached(
                    c.customerId(),
                    c.id(),
                    c.category(),
                    c.severity().name(),
                    c.status().name(),
                    c.assignee(),
                    c.dueAt(),
                    now));
        }
        return breached.size();
    }

    /** The complaint, locked; with {@code ifMatch} given, it must still be that version (412 otherwise). */
    private ComplaintView lock(UUID id, String ifMatch) {
        ComplaintView c = repository
                .lock(id)
                .filter(v -> access.visible(v.customerId()))
                .orElseThrow(() -> ApiException.notFound("Complaint", id));
        if (ifMatch != null) {
            ETags.requireMatch(ifMatch, c.version());
        }
        return c;
    }

    private ComplaintView lockAndMove(UUID id, ComplaintStatus next, String ifMatch) {
        ComplaintView c = lock(id, ifMatch);
        if (!c.status().canMoveTo(next)) {
            throw ApiException.conflict("Complaint " + id + " is " + c.status() + " and cannot become " + next);
        }
        return c;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
