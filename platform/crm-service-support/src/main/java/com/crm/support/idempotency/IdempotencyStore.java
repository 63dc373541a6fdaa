package com.crm.support.idempotency;

import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Idempotency records: claimed before the first request runs, completed with its answer afterwards. */
class IdempotencyStore {

    record Stored(String requestHash, Integer status, String contentType, String location, String etag, byte[] body) {}

    private final JdbcClient jdbc;
    private final Duration lease;

    IdempotencyStore(JdbcClient jdbc, Duration lease) {
        this.jdbc = jdbc;
        this.lease = lease;
    }

    /**
     * @return true when this call claimed the key, or took over the same request left unanswered for longer than
     *         the lease (its instance died mid-request: its transaction rolled back); false when an earlier request
     *         holds it
     */
    boolean claim(String client, String key, String requestHash) {
        return jdbc.sql("""
                        insert into crm_idempotency (client_id, key, request_hash) values (:client, :key, :hash)
                        on conflict (client_id, key) do update set created_at = now()
                        where crm_idempotency.status is null and crm_idempotency.request_hash = excluded.request_hash
                          and crm_idempotency.created_at < now() - make_interval(secs => :lease)""")
                        .param("client", client)
                        .param("key", key)
                        .param("hash", requestHash)
                        .param("lease", lease.toMillis() / 1000.0)
                        .update()
                == 1;
    }

    Optional<Stored> find(String client, String key) {
        return jdbc.sql("""
                        select request_hash, status, content_type, location, etag, body from crm_idempotency
                        where client_id = :client and key = :key""")
                .param("client", client)
                .param("key", key)
                .query((rs, n) -> new Stored(
                        rs.getString(1),
                        (Integer) rs.getObject(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getBytes(6)))
                .optional();
    }

    void complete(
            String client, String key, int status, String contentType, String location, String etag, byte[] body) {
        jdbc.sql("""
                        update crm_idempotency set status = :status, content_type = :contentType,
                          location = :location, etag = :etag, body = :body
                        where client_id = :client and key = :key""")
                .param("status", status)
                .param("contentType", contentType)
                .param("location", location)
                .param("etag", etag)
                .param("body", body)
                .param("client", client)
                .param("key", key)
                .update();
    }

    void release(String client, String key) {
        jdbc.sql("delete from crm_idempotency where client_id = :client and key = :key and status is null")
                .param("client", client)
                .param("key", key)
                .update();
    }

    int purgeOlderThan(long seconds) {
        return jdbc.sql("delete from crm_idempotency where created_at < now() - make_interval(secs => :secs)")
                .param("secs", seconds)
                .update();
    }
}
