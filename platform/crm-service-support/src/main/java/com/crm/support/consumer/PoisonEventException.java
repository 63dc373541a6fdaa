package com.crm.support.consumer;

/**
 * A message that will never be processable (not a CloudEvent, or data that is not the type's payload): it is not
 * retried but parked on the dead-letter topic at once.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
