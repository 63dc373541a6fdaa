package com.crm.webhook.sharing;

import com.crm.contracts.events.customer.CustomerConsentPurposeChanged;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Each customer's separate consent to having their data shared with another company (PIPL Art. 23), projected from
 * {@code crm.customer.consent-purpose-changed}: the newest {@code THIRD_PARTY_SHARING} decision on channel
 * {@code ALL}. Only {@code GRANTED} allows sharing; a customer without a decision has not granted it.
 */
@Service
public class CustomerSharing {

    public static final String PURPOSE = "THIRD_PARTY_SHARING";
    public static final String CHANNEL = "ALL";
    public static final String GRANTED = "GRANTED";

    private final CustomerSharingRepository repository;

    CustomerSharing(CustomerSharingRepository repository) {
        this.repository = repository;
    }

    /** Whether the event decides on sharing as a whole, the one decision a third party's deliveries depend on. */
    public static boolean decides(CustomerConsentPurposeChanged change) {
        return PURPOSE.equals(change.purpose()) && CHANNEL.equals(change.channel());
    }

    /**
     * Keeps the decision unless a newer one is known (events of one customer may be replayed or arrive late).
     *
     * @return whether it is now the customer's current decision
     */
    public boolean record(UUID customer, String status, Instant changedAt) {
        return repository.upsertIfNewer(customer, status, changedAt);
    }

    public boolean granted(UUID customer) {
        return repository.status(customer).map(GRANTED::equals).orElse(false);
    }

    /** Forgets the customers' decisions (erased, or merged into a survivor whose own decisions are published). */
    public void forget(Collection<UUID> customers) {
        if (!customers.isEmpty()) {
            repository.delete(customers);
        }
    }
}
