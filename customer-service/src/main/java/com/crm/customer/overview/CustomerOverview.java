package com.crm.customer.overview;

import com.crm.customer.profile.Consent;
import com.crm.customer.profile.ConsentChannel;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole customer in one answer. Every section says whether its source has reported ({@code status}
 * {@code known}) or not yet ({@code unknown}, the other fields then empty), and {@code asOf}: the event time of the
 * newest state it shows. Built from this service's own tables only.
 */
public record CustomerOverview(
        UUID customerId,
        ProfileSection profile,
        ValueSection value,
        ContactSection contact,
        VoiceSection voice,
        TimelineSection timeline,
        LoyaltySection loyalty) {

    public static final String KNOWN = "known";
    public static final String UNKNOWN = "unknown";

    /** Who this is (customer-service's own profile; always known). */
    public record ProfileSection(
            String status,
            Instant asOf,
            String type,
            String displayName,
            String company,
            String primaryEmail,
            String primaryPhone,
            String region,
            String timeZone,
            String ownerId,
            List<String> tags,

            @Schema(description = "The customer's custom property values (archived properties left out)")
            Map<String, Object> properties,

            Instant createdAt,
            long version) {}

    /** What they are worth (crm.segmentation.v1). Decimals are strings. */
    public record ValueSection(
            String status,
            Instant asOf,
            String tier,
            String clv,
            String clvPercentile,
            String pAlive,
            String expectedPurchases,
            Rfm rfm,
            String lifecycleStage,
            String churnRisk,
            String keyAccountQuadrant) {

        static ValueSection unknown() {
            return new ValueSection(UNKNOWN, null, null, null, null, null, null, null, null, null, null);
        }
    }

    public record Rfm(Short recency, Short frequency, Short monetary, String segment) {}

    /**
     * May I contact them (crm.interaction.v1 for contacts, plans and policy windows; consents are this service's
     * own and always present). {@code status} tells whether interaction-service has reported.
     */
    public record ContactSection(
            String status,
            Instant asOf,
            List<LastContact> lastContacts,
            NextDue nextDue,
            String preferredChannel,
            List<PolicyWindow> policyWindows,
            Map<ConsentChannel, Consent> consents) {}

    public record LastContact(String channel, String direction, Instant at) {}

    public record NextDue(UUID planId, String planName, String channel, Instant dueAt) {}

    /** {@code remaining} of {@code maxContacts} within {@code window} (ISO-8601) as of the section's {@code asOf}. */
    public record PolicyWindow(
            UUID policyId,
            String policyName,
            String channel,
            String purpose,
            int maxContacts,
            String window,
            int used,
            int remaining,
            Instant nextAllowedAt) {}

    /** What they said (crm.feedback.v1): the latest NPS/CSAT/CES answers and the open complaints. */
    public record VoiceSection(
            String status, Instant asOf, Score nps, Score csat, Score ces, List<OpenComplaint> openComplaints) {}

    /** {@code category} is promoter/passive/detractor for NPS, null otherwise. */
    public record Score(int score, String category, Instant at) {}

    /** {@code slaStatus}: {@code ON_TRACK}, {@code DUE_SOON} (deadline within crm.overview.due-soon) or {@code BREACHED}. */
    public record OpenComplaint(
            UUID complaintId,
            String category,
            String severity,
            String channel,
            Instant openedAt,
            Instant dueAt,
            String slaStatus) {}

    /** The latest interactions, newest first (no free text: that stays in interaction-service). */
    public record TimelineSection(String status, Instant asOf, List<TimelineEntry> entries) {}

    public record TimelineEntry(
            UUID interactionId,
            Instant occurredAt,
            String channel,
            String direction,
            String type,
            String purpose,
            String outcome,
            String agentId,
            Integer durationSeconds,
            String campaignId,
            boolean purchaseIntent) {}

    /**
     * Their loyalty membership (crm.loyalty.v1): the points balance and the level, each as of the newest event that
     * reported it ({@code asOf} the newer of the two).
     */
    public record LoyaltySection(String status, Instant asOf, Long balance, String level, Instant levelSince) {

        static LoyaltySection unknown() {
            return new LoyaltySection(UNKNOWN, null, null, null, null);
        }
    }

    static String decimal(BigDecimal value) {
        return value == null
                ? null
                : value.stripTrailingZeros().scale() < 0
                        ? value.setScale(0).toPlainString()
                        : value.stripTrailingZeros().toPlainString();
    }
}
