package com.crm.interaction.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PurchaseIntentTest {

    @Test
    void anInboundInquiryEndingInterestedOrAnyPurchaseIntentOutcomeIsASignal() {
        assertThat(PurchaseIntent.signalled(Direction.INBOUND, InteractionType.INQUIRY, Outcome.INTERESTED))
                .isTrue();
        assertThat(PurchaseIntent.signalled(Direction.OUTBOUND, InteractionType.SALES_CALL, Outcome.PURCHASE_INTENT))
                .isTrue();
        assertThat(PurchaseIntent.signalled(Direction.OUTBOUND, InteractionType.CAMPAIGN, Outcome.INTERESTED))
                .isFalse();
        assertThat(PurchaseIntent.signalled(Direction.INBOUND, InteractionType.COMPLAINT, Outcome.RESOLVED))
                .isFalse();
        assertThat(PurchaseIntent.signalled(Direction.INBOUND, InteractionType.INQUIRY, null))
                .isFalse();
    }
}
