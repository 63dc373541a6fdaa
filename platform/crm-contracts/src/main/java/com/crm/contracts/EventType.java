package com.crm.contracts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names the CloudEvents {@code type} and the topic of an event record. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** CloudEvents type, e.g. {@code crm.customer.registered}. */
    String value();

    /** Topic the event is published on, see {@link Topics}. */
    String topic();
}
