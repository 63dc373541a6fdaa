package com.crm.interaction.timeline;

/** Which interactions are purchase-intent signals sales should act on. */
public final class PurchaseIntent {

    private PurchaseIntent() {}

    /**
     * An explicit purchase-intent outcome, or an inbound inquiry or consultation that ended with the customer
     * interested.
     */
    public static boolean signalled(Direction direction, InteractionType type, Outcome outcome) {
        if (outcome == Outcome.PURCHASE_INTENT) {
            return true;
        }
        return direction == Direction.INBOUND
                && outcome == Outcome.INTERESTED
                && (type == InteractionType.INQUIRY || type == InteractionType.CONSULTATION);
    }
}
