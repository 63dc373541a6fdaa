package com.crm.support.outbox;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.cloudevents.CrmEventCodec.EncodedEvent;
import com.crm.support.web.RequestIdFilter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Records events in the outbox table, inside the caller's transaction, so a change and its events commit together. */
public class EventOutbox {

    private final JdbcClient jdbc;
    private final CrmEventCodec codec;
    private final Clock clock;

    public EventOutbox(JdbcClient jdbc, CrmEventCodec codec, Clock clock) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.clock = clock;
    }

    /** @return the CloudEvents id of the recorded event */
    public UUID append(CrmEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Events must be appended in the transaction of the change they describe");
        }
        Map<String, String> extensions = new HashMap<>();
        extensions.put(CrmEventCodec.CORRELATION_ID, RequestIdFilter.current());
        EncodedEvent encoded = codec.encode(event, clock.instant(), extensions);
        jdbc.sql("""
                insert into crm_outbox (event_id, topic, message_key, event_type, payload)
                values (:id, :topic, :key, :type, :payload)""")
                .param("id", encoded.id())
                .param("topic", encoded.topic())
                .param("key", encoded.key())
                .param("type", encoded.type())
                .param("payload", encoded.payload())
                .update();
        return encoded.id();
    }
}
