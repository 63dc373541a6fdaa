package com.crm.support.outbox;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.cloudevents.CrmEventCodec.EncodedEvent;
import com.crm.support.web.RequestIdFilter;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Records events in the outbox table, inside the caller's transaction, so a change and its events commit together. */
public class EventOutbox {

    private static final String INSERT = """
            insert into crm_outbox (event_id, topic, message_key, event_type, payload)
            values (:id, :topic, :key, :type, :payload)""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final CrmEventCodec codec;
    private final Clock clock;

    public EventOutbox(JdbcClient jdbc, NamedParameterJdbcTemplate batch, CrmEventCodec codec, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.codec = codec;
        this.clock = clock;
    }

    /** @return the CloudEvents id of the recorded event */
    public UUID append(CrmEvent event) {
        requireTransaction();
        EncodedEvent encoded = encode(event);
        jdbc.sql(INSERT)
                .param("id", encoded.id())
                .param("topic", encoded.topic())
                .param("key", encoded.key())
                .param("type", encoded.type())
                .param("payload", encoded.payload())
                .update();
        return encoded.id();
    }

    /** Appends several events with one batched statement, in order. */
    public void appendAll(List<? extends CrmEvent> events) {
        requireTransaction();
        if (events.isEmpty()) {
            return;
        }
        MapSqlParameterSource[] rows = events.stream()
                .map(this::encode)
                .map(e -> new MapSqlParameterSource()
                        .addValue("id", e.id())
                        .addValue("topic", e.topic())
                        .addValue("key", e.key())
                        .addValue("type", e.type())
                        .addValue("payload", e.payload()))
                .toArray(MapSqlParameterSource[]::new);
        batch.batchUpdate(INSERT, rows);
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Events must be appended in the transaction of the change they describe");
        }
    }

    private EncodedEvent encode(CrmEvent event) {
        Map<String, String> extensions = new HashMap<>();
        extensions.put(CrmEventCodec.CORRELATION_ID, RequestIdFilter.current());
        return codec.encode(event, clock.instant(), extensions);
    }
}
