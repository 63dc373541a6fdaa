package com.crm.feedback.invitation;

import com.crm.contracts.events.interaction.InteractionRecorded;
import com.crm.feedback.Channel;
import com.crm.feedback.OneOf;
import com.crm.support.json.JsonBinder;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Rules that invite automatically after chosen interactions, e.g. a CSAT survey after a SERVICE contact. */
@Service
public class InvitationRuleService {

    /** Strings checked against their lists, so that one answer names every wrong field. */
    public record RuleInput(
            @NotNull UUID surveyId,

            @NotNull @OneOf(InteractionType.class) @Schema(implementation = InteractionType.class)
            String interactionType,

            @OneOf(Channel.class) @Schema(implementation = Channel.class, description = "Any channel when omitted")
            String channel,

            @OneOf(Direction.class) @Schema(implementation = Direction.class, description = "Either when omitted")
            String direction,

            @OneOf(Channel.class)
            @Schema(implementation = Channel.class, description = "The interaction's channel when omitted")
            String inviteChannel,

            @Schema(description = "Default true") Boolean active) {}

    public record RuleView(
            UUID id,
            UUID surveyId,
            String interactionType,
            String channel,
            String direction,
            String inviteChannel,
            boolean active,
            Instant createdAt) {}

    private final InvitationRuleRepository repository;
    private final JsonBinder binder;
    private final InvitationService invitations;
    private final Clock clock;

    InvitationRuleService(
            InvitationRuleRepository repository, JsonBinder binder, InvitationService invitations, Clock clock) {
        this.repository = repository;
        this.binder = binder;
        this.invitations = invitations;
        this.clock = clock;
    }

    @Transactional
    public RuleView create(RuleInput in) {
        List<FieldViolation> errors = new ArrayList<>(binder.violations(in));
        if (in.surveyId() != null && !repository.surveyExists(in.surveyId())) {
            errors.add(new FieldViolation("surveyId", ErrorCode.UNKNOWN_REFERENCE, "no such survey"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        UUID id = UUID.randomUUID();
        repository.insert(id, in, in.active() == null || in.active(), clock.instant());
        return get(id);
    }

    public RuleView get(UUID id) {
        return repository.find(id).orElseThrow(() -> ApiException.notFound("Invitation rule", id));
    }

    /** Oldest first, after the previous page's last rule when {@code after} is given. */
    public List<RuleView> list(KeysetCursor after, int limit) {
        return repository.list(after, limit);
    }

    @Transactional
    public void delete(UUID id) {
        if (!repository.delete(id)) {
            throw ApiException.notFound("Invitation rule", id);
        }
    }

    /** Called in the consumer's transaction: one invitation per matching rule (active surveys only). */
    void onInteraction(InteractionRecorded e) {
        if (e.customerId() == null || e.interactionId() == null || e.type() == null) {
            return;
        }
        for (RuleView rule : repository.all()) {
            boolean matches = rule.active()
                    && rule.interactionType().equals(e.type())
                    && (rule.channel() == null || rule.channel().equals(e.channel()))
                    && (rule.direction() == null || rule.direction().equals(e.direction()));
            if (matches) {
                String channel = rule.inviteChannel() != null ? rule.inviteChannel() : e.channel();
                if (channel != null) {
                    invitations.createFromRule(rule.id(), rule.surveyId(), e.customerId(), channel, e.interactionId());
                }
            }
        }
    }
}
