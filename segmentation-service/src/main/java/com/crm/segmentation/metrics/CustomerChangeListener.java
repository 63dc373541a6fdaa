package com.crm.segmentation.metrics;

import java.util.List;
import java.util.UUID;

/** Told, inside the consumer's transaction, that customers' metrics or profiles changed (re-scoring hook). */
public interface CustomerChangeListener {

    /**
     * The customers a consumer batch changed, each once (distinct): handled set-based, a few statements for the
     * whole batch rather than a few per customer.
     */
    void changed(List<UUID> customerIds);

    default void changed(UUID customerId) {
        changed(List.of(customerId));
    }
}
