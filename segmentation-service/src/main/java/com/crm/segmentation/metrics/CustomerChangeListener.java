package com.crm.segmentation.metrics;

import java.util.UUID;

/** Told, inside the consumer's transaction, that a customer's metrics or profile changed (re-scoring hook). */
public interface CustomerChangeListener {

    void changed(UUID customerId);
}
