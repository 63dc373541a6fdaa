package com.crm.customer.overview;

import java.util.EnumSet;
import java.util.Set;

/**
 * The rendered sections of the overview by the projections they come from: each consumer renders only the parts its
 * topic writes, so four topics touching one customer do not render it four times whole.
 */
enum OverviewPart {
    /** {@code projected_value}: tier, scores, stage ({@code crm.segmentation.v1}). */
    VALUE,
    /** {@code projected_contact}: contact state and preferred channel ({@code crm.interaction.v1}). */
    CONTACT,
    /** {@code projected_feedback_score} and {@code projected_complaint} ({@code crm.feedback.v1}). */
    VOICE,
    /** {@code projected_interaction}: the latest interactions ({@code crm.interaction.v1}). */
    TIMELINE,
    /** {@code projected_loyalty}: points balance and level ({@code crm.loyalty.v1}). */
    LOYALTY;

    static final Set<OverviewPart> ALL = Set.copyOf(EnumSet.allOf(OverviewPart.class));
}
