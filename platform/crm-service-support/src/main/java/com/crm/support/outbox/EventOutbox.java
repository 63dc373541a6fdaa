package com.crm.support.outbox;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.cloudevents.CrmEventCodec.EncodedEvent;
import com.crm.support.database.BinaryCopy;
import com.crm.support.web.RequestIdFilter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Records events in the outbox table, inside the caller's transaction, so a change and its events commit together. */
public class EventOutbox {

    private static final String INSERT = """
            insert into crm_outbox (event_id, topic, message_key, event_type, payload)
            values (:id, :topic, :key, :type, :payload)""";

    /** From this many events on, {@link #appendAll} copies them rather than inserting them. */
    static final int COPY_FROM = 100;

    private static final String COPY =
            "copy crm_outbox (event_id, topic, message_key, event_type, payload) from stdin (format binary)";

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

    /**
     * Appends several events, in order: a few with one batched statement; from {@value #COPY_FROM} on by one binary
     * {@code COPY} (encoded on every core first), which a bulk job (a full segmentation run writes millions) needs.
     */
    public void appendAll(List<? extends CrmEvent> events) {
        requireTransaction();
        if (events.isEmpty()) {
            return;
        }
        if (events.size() >= COPY_FROM) {
            Map<String, String> extensions = extensions();
            List<EncodedEvent> encoded = events.parallelStream()
                    .map(e -> codec.encode(e, clock.instant(), extensions))
                    .toList();
            Boolean copied = batch.getJdbcTemplate().execute((ConnectionCallback<Boolean>) c -> copy(c, encoded));
            if (Boolean.TRUE.equals(copied)) {
                return;
            }
            insert(encoded);
            return;
        }
        insert(events.stream().map(this::encode).toList());
    }

    private void insert(List<EncodedEvent> encoded) {
        MapSqlParameterSource[] rows = encoded.stream()
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
        return codec.encode(event, clock.instant(), extensions());
    }

    /** The caller's request id (a thread-local), read on the caller's thread. */
    private static Map<String, String> extensions() {
        Map<String, String> extensions = new HashMap<>();
        extensions.put(CrmEventCodec.CORRELATION_ID, RequestIdFilter.current());
        return extensions;
    }

    /** Writes the rows with one binary {@code COPY}; false when the connection is not PostgreSQL's. */
    private static boolean copy(Connection connection, List<EncodedEvent> events) throws SQLException {
        return BinaryCopy.copy(connection, COPY, copy -> {
            for (EncodedEvent e : events) {
                copy.row(5)
                        .uuid(e.id())
                        .text(e.topic())
                        .text(e.key())
                        .text(e.type())
                        .bytes(e.payload());
            }
        });
    }
}
