package com.crm.segmentation.risk;

import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Whether a customer is under a fraud hold (confirmed in customer-service's review queue, not cleared since). */
@Component
public class RiskHolds {

    /** What a withheld offer list says instead of products. */
    public static final String CONFIRMED_FRAUD = "CONFIRMED_FRAUD";

    private final RiskHoldRepository repository;

    RiskHolds(RiskHoldRepository repository) {
        this.repository = repository;
    }

    @Transactional(readOnly = true)
    public boolean held(UUID customerId) {
        return repository.held(customerId);
    }
}
