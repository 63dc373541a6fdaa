package com.crm.loyalty.risk;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Whether customers are under a fraud hold (confirmed in customer-service's review queue, not cleared since). */
@Component
public class RiskHolds {

    private final RiskHoldRepository repository;

    RiskHolds(RiskHoldRepository repository) {
        this.repository = repository;
    }

    public boolean held(UUID customerId) {
        return repository.held(customerId);
    }

    public Set<UUID> heldAmong(Collection<UUID> customers) {
        return repository.heldAmong(customers);
    }
}
