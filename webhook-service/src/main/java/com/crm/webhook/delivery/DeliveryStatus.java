package com.crm.webhook.delivery;

/**
 * PENDING: waiting for its (next) attempt; DELIVERED: a 2xx answer; DEAD: failed for the whole retry horizon, in the
 * dead-letter list until replayed; PURGED: never to be sent, its payload erased with its customer.
 */
public enum DeliveryStatus {
    PENDING,
    DELIVERED,
    DEAD,
    PURGED
}
