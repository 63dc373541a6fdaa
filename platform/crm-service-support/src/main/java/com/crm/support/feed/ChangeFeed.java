package com.crm.support.feed;

import com.crm.support.access.SqlCondition;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * A pollable feed of a service's events, read from its outbox. Ordered by writing transaction, and only events
 * of transactions older than every transaction still running are served: a transaction that started early and
 * commits late is served after the cursor has waited for it, never skipped. Events stay in the feed for the
 * outbox retention ({@code crm.outbox.retention}).
 */
public class ChangeFeed {

    private final JdbcClient jdbc;

    public ChangeFeed(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A page of structured CloudEvents (JSON text) and the cursor to continue from; it is never null. */
    public record Page(List<String> events, String nextCursor) {}

    @Transactional(readOnly = true)
    public Page read(String topic, String cursor, int limit) {
        return read(topic, cursor, limit, SqlCondition.TRUE);
    }

    /**
     * A page of the events whose rows meet {@code visible}, a condition over {@code crm_outbox} (its
     * {@code message_key}: e.g. the customers a person may see); the cursor moves past the rows left out as well.
     */
    @Transactional(readOnly = true)
    public Page read(String topic, String cursor, int limit, SqlCondition visible) {
        Position after = Position.decode(cursor);
        List<Row> rows = jdbc.sql("""
                        select xid::text as xid_text, seq, payload from crm_outbox
                        where topic = :topic
                          and (xid, seq) > (cast(:xid as xid8), :seq)
                          and xid < pg_snapshot_xmin(pg_current_snapshot())
                          and %s
                        order by crm_outbox.xid, seq -- the xid8 numbers, as the cursor compares them
                        limit :limit""".formatted(visible.clause()))
                .params(visible.params())
                .param("topic", topic)
                .param("xid", after.xid())
                .param("seq", after.seq())
                .param("limit", limit)
                .query((rs, n) -> new Row(rs.getString("xid_text"), rs.getLong("seq"), rs.getBytes("payload")))
                .list();
        String next = rows.isEmpty()
                ? after.encode()
                : new Position(rows.getLast().xid(), rows.getLast().seq()).encode();
        return new Page(
                rows.stream()
                        .map(r -> new String(r.payload(), StandardCharsets.UTF_8))
                        .toList(),
                next);
    }

    private record Row(String xid, long seq, byte[] payload) {}

    record Position(String xid, long seq) {

        static final Position START = new Position("0", 0);

        String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((xid + ":" + seq).getBytes(StandardCharsets.US_ASCII));
        }

        static Position decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return START;
            }
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
                int colon = raw.indexOf(':');
                String xid = raw.substring(0, colon);
                Long.parseUnsignedLong(xid);
                return new Position(xid, Long.parseLong(raw.substring(colon + 1)));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw ApiException.invalid(
                        "cursor",
                        ErrorCode.INVALID_CURSOR,
                        "not a cursor this feed issued; pass back nextCursor unchanged, or none to start");
            }
        }
    }
}
