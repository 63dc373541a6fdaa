package com.crm.feedback.invitation;

import com.crm.support.problem.ErrorCode;
import com.crm.contracts.events.interaction.InteractionRecorded;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.FieldViolation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Rules that invite automatically after chosen interactions, e.g. a CSAT survey after a SERVICE contact. */
@Service
public class InvitationRuleService {

    static final Set<String> INTERACTION_TYPES = Set.of("INQUIRY", "CONSULTATION", "SALES_CALL", "SERVICE",
            "COMPLAINT", "CAMPAIGN", "FOLLOW_UP", "SURVEY", "OTHER");

    public record RuleInput(UUID surveyId, String interactionType, String channel, String direction,
                            String inviteChannel, Boolean active) {
    }

    public record RuleView(UUID id, UUID surveyId, String interactionType, String channel, String direction,
                           String inviteChannel, boolean active, Instant createdAt) {
    }

    private final InvitationRuleRepository repository;
    private final InvitationService invitations;
    private final Clock clock;

    InvitationRuleService(InvitationRuleRepository repository, InvitationService invitations, Clock clock) {
        this.repository = repository;
        this.invitations = invitations;
        this.clock = clock;
    }

    @Transactional
    public RuleView create(RuleInput in) {
        List<FieldViolation> errors = new ArrayList<>();
        if (in.surveyId() == null) {
            errors.add(new FieldViolation("surveyId", ErrorCode.REQUIRED, "must not be null"));
        } else if (!repository.surveyExists(in.surveyId())) {
            errors.add(new FieldViolation("surveyId", ErrorCode.UNKNOWN_REFERENCE, "no such survey"));
        }
        if (in.interactionType() == null || !INTERACTION_TYPES.contains(in.interactionType())) {
            errors.add(new FieldViolation("interactionType", ErrorCode.INVALID_VALUE, "one of " + INTERACTION_TYPES));
        }
        if (in.channel() != null && !InvitationService.CHANNELS.contains(in.channel())) {
            errors.add(new FieldViolation("channel", ErrorCode.INVALID_VALUE, "one of " + InvitationService.CHANNELS));
        }
        if (in.direction() != null && !Set.of("INBOUND", "OUTBOUND").contains(in.direction())) {
            errors.add(new FieldViolation("direction", ErrorCode.INVALID_VALUE, "INBOUND or OUTBOUND"));
        }
        if (in.inviteChannel() != null && !InvitationService.CHANNELS.contains(in.inviteChannel())) {
            errors.add(new FieldViolation("inviteChannel", ErrorCode.INVALID_VALUE, "one of " + InvitationService.CHANNELS));
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

    public List<RuleView> list() {
        return repository.ids().stream().map(this::get).toList();
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
        for (RuleView rule : list()) {
            boolean matches = rule.active() && rule.interactionType().equals(e.type())
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
