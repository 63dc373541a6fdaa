package com.crm.contracts;

import java.util.UUID;

/**
 * The payload of a CRM lifecycle event. Implementations are records annotated with {@link EventType};
 * they only ever grow (new optional fields), a breaking change is a new type.
 */
public interface CrmEvent {

    /** The customer this event is about: the CloudEvents subject and the Kafka key. */
    UUID customerId();
}
