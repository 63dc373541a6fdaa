package com.crm.interaction.check;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import com.crm.interaction.policy.ContactPolicy;
import com.crm.interaction.policy.Durations;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The contact policies applied to one customer, channel, purpose and time: plain rules, no Spring. */
public final class ContactRules {

    private static final int MAX_STEPS = 16;

    private ContactRules() {}

    /**
     * Every reason the contact is refused at {@code at}; when all of them lift with time, the earliest instant
     * at which none applies (found by moving forward reason by reason, as lifting one may land in another).
     */
    public static ContactDecision decide(
            List<ContactPolicy> policies,
            CustomerContactState customer,
            Channel channel,
            Purpose purpose,
            Instant at,
            List<PastContact> history) {
        return decide(policies, customer, channel, purpose, null, at, history);
    }

    /**
     * As {@link #decide(List, CustomerContactState, Channel, Purpose, Instant, List)}, for a message of a
     * subscription type ({@code subscriptionType} may be null): refused when the customer unsubscribed from it.
     */
    public static ContactDecision decide(
            List<ContactPolicy> policies,
            CustomerContactState customer,
            Channel channel,
            Purpose purpose,
            String subscriptionType,
            Instant at,
            List<PastContact> history) {
        List<ContactReason> reasons = reasonsAt(policies, customer, channel, purpose, at, history);
        reasons.addAll(choices(customer, channel, purpose, subscriptionType));
        if (reasons.isEmpty()) {
            return ContactDecision.allow();
        }
        Instant t = at;
        List<ContactReason> current = reasons;
        for (int step = 0; step < MAX_STEPS && !current.isEmpty(); step++) {
            if (current.stream().anyMatch(r -> r.allowedFrom() == null)) {
                return new ContactDecision(false, reasons, null);
            }
            t = current.stream()
                    .map(ContactReason::allowedFrom)
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
            current = reasonsAt(policies, customer, channel, purpose, t, history);
            current.addAll(choices(customer, channel, purpose, subscriptionType));
        }
        return new ContactDecision(false, reasons, current.isEmpty() ? t : null);
    }

    /**
     * Only the consent rules (and nothing that passes with time): for an outbound contact recorded as history (dated
     * before the policy horizon), when frequency limits, gaps and quiet hours no longer matter but the customer's
     * consent to the channel still does.
     */
    public static ContactDecision decideConsent(
            List<ContactPolicy> policies, CustomerContactState customer, Channel channel, Purpose purpose) {
        List<ContactReason> reasons = new ArrayList<>(choices(customer, channel, purpose, null));
        for (ContactPolicy p : policies) {
            if (p.enabled() && p.covers(channel, purpose)) {
                consent(p, customer, channel).ifPresent(reasons::add);
            }
        }
        return reasons.isEmpty() ? ContactDecision.allow() : new ContactDecision(false, reasons, null);
    }

    /**
     * How much of a {@code maxContacts}-per-{@code window} policy the customer has used at {@code at}: the contacts
     * in its scope within the rolling window, what is left, and (when nothing is left) when the oldest contact that
     * still counts leaves the window. {@code history} must reach back at least one window.
     *
     * @throws IllegalArgumentException for a policy without maxContacts and window
     */
    public static WindowUsage windowUsage(ContactPolicy p, List<PastContact> history, Instant at) {
        if (p.maxContacts() == null || p.window() == null) {
            throw new IllegalArgumentException("policy " + p.id() + " has no maxContacts per window");
        }
        List<Instant> inWindow = history.stream()
                .filter(c -> p.covers(c.channel(), c.purpose()))
                .map(PastContact::occurredAt)
                .filter(o -> o.isAfter(at.minus(p.window())))
                .sorted()
                .toList();
        int used = inWindow.size();
        if (used < p.maxContacts()) {
            return new WindowUsage(p, used, p.maxContacts() - used, null);
        }
        return new WindowUsage(p, used, 0, inWindow.get(used - p.maxContacts()).plus(p.window()));
    }

    static List<ContactReason> reasonsAt(
            List<ContactPolicy> policies,
            CustomerContactState customer,
            Channel channel,
            Purpose purpose,
            Instant at,
            List<PastContact> history) {
        List<ContactReason> reasons = new ArrayList<>();
        if (!customer.contactable()) {
            reasons.add(new ContactReason(
                    "customer-status",
                    null,
                    null,
                    "the customer is " + customer.status().toLowerCase(),
                    null));
        }
        for (ContactPolicy p : policies) {
            if (!p.enabled() || !p.covers(channel, purpose)) {
                continue;
            }
            consent(p, customer, channel).ifPresent(reasons::add);
            if (p.maxContacts() != null && p.window() != null) {
                WindowUsage usage = windowUsage(p, history, at);
                if (usage.remaining() == 0) {
                    reasons.add(new ContactReason(
                            "max-contacts",
                            p.id(),
                            p.name(),
                            "at most " + p.maxContacts() + " " + scope(p) + " per " + Durations.iso(p.window()) + "; "
                                    + usage.used() + " already in the window",
                            usage.nextAllowedAt()));
                }
            }
            if (p.minGap() != null) {
                history.stream()
                        .filter(c -> p.covers(c.channel(), c.purpose()))
                        .map(PastContact::occurredAt)
                        .max(Comparator.naturalOrder())
                        .filter(last -> at.isBefore(last.plus(p.minGap())))
                        .ifPresent(last -> reasons.add(new ContactReason(
                                "min-gap",
                                p.id(),
                                p.name(),
                                "at least " + Durations.iso(p.minGap()) + " between " + scope(p) + "; the last was at "
                                        + last,
                                last.plus(p.minGap()))));
            }
            if (p.quietStart() != null
                    && p.quietEnd() != null
                    && !p.quietStart().equals(p.quietEnd())) {
                ZonedDateTime local = at.atZone(customer.zone());
                if (inQuietHours(local.toLocalTime(), p.quietStart(), p.quietEnd())) {
                    LocalDate endDay = local.toLocalTime().isBefore(p.quietEnd())
                            ? local.toLocalDate()
                            : local.toLocalDate().plusDays(1);
                    Instant lifted = ZonedDateTime.of(endDay, p.quietEnd(), customer.zone())
                            .toInstant();
                    reasons.add(new ContactReason(
                            "quiet-hours",
                            p.id(),
                            p.name(),
                            "no contact between " + p.quietStart() + " and " + p.quietEnd() + " in the customer's time"
                                    + " zone " + customer.zone().getId() + " (it is "
                                    + local.toLocalTime().withNano(0) + " there)",
                            lifted));
                }
            }
        }
        return reasons;
    }

    /**
     * The customer's own choices, which no policy can override and time never lifts: a MARKETING or SALES contact
     * needs MARKETING not refused for the channel, a SERVICE contact SERVICE; a message of a subscription type needs
     * the customer not to have left it. No decision recorded: the policies' channel consents govern, as before
     * purposes existed.
     */
    static List<ContactReason> choices(
            CustomerContactState customer, Channel channel, Purpose purpose, String subscriptionType) {
        List<ContactReason> reasons = new ArrayList<>();
        String consentPurpose = purpose == Purpose.SERVICE ? "SERVICE" : "MARKETING";
        String decision = customer.purposeDecision(consentPurpose, channel.name());
        if (decision != null && !"GRANTED".equals(decision)) {
            reasons.add(new ContactReason(
                    "purpose-consent",
                    null,
                    null,
                    "a " + purpose.name().toLowerCase() + " contact needs the customer's " + consentPurpose
                            + " consent; it is " + decision.toLowerCase() + " for " + channel,
                    null));
        }
        if (subscriptionType != null
                && "UNSUBSCRIBED".equals(customer.subscriptions().get(subscriptionType))) {
            reasons.add(new ContactReason(
                    "unsubscribed", null, null, "the customer unsubscribed from " + subscriptionType, null));
        }
        return reasons;
    }

    private static Optional<ContactReason> consent(ContactPolicy p, CustomerContactState customer, Channel channel) {
        // channels without a consent notion (a visit) are gated only by a policy naming that channel
        if (!p.consentRequired() || !(channel.hasConsent() || p.channel() == channel)) {
            return Optional.empty();
        }
        String status = customer.consents().get(channel.name());
        if ("GRANTED".equals(status)) {
            return Optional.empty();
        }
        String why = status == null ? "no consent is recorded" : "the consent is " + status.toLowerCase();
        return Optional.of(new ContactReason(
                "consent", p.id(), p.name(), channel + " needs the customer's GRANTED consent; " + why, null));
    }

    static boolean inQuietHours(LocalTime t, LocalTime start, LocalTime end) {
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }

    private static String scope(ContactPolicy p) {
        String what = p.purpose() == null ? "" : p.purpose().name().toLowerCase() + " ";
        return what + (p.channel() == null ? "outbound contacts" : p.channel() + " contacts");
    }
}
