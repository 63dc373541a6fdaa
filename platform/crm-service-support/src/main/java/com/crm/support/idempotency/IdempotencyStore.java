package com.crm.support.idempotency;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Idempotency records: claimed before the first request runs, completed with its answer afterwards. */
class IdempotencyStore {

    record Stored(String requestHash, Integer status, String contentType, String location, String etag,
                  byte[] body) {
    }

    private final JdbcClient jdbc;

    IdempotencyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return true when this call claimed the key; false when an earlier request holds it */
    boolean claim(String client, String key, String requestHash) {
        return jdbc.sql("""
                        insert into crm_idempotency (client_id, key, request_hash) values (:client, :key, :hash)
                        on conflict do nothing""")
                .param("client", client).param("key", key).param("hash", requestHash)
                .update() == 1;
    }

    Optional<Stored> find(String client, String key) {
        return jdbc.sql("""
                        select request_hash, status, content_type, location, etag, body from crm_idempotency
                        where client_id = :client and key = :key""")
                .param("client", client).param("key", key)
                .query((rs, n) -> new Stored(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getBytes(6)))
                .optional();
    }

    void complete(String client, String key, int status, String contentType, String location, String etag,
                  byte[] body) {
        jdbc.sql("""
                        update crm_idempotency set status = :status, content_type = :contentType,
                          location = :location, etag = :etag, body = :body
                        where client_id = :client and key = :key""")
                .param("status", status).param("contentType", contentType).param("location", location)
                .param("etag", etag).param("body", body).param("client", client).param("key", key)
                .update();
    }

    void release(String client, String key) {
        jdbc.sql("delete from crm_idempotency where client_id = :client and key = :key and status is null")
                .param("client", client).param("key", key).update();
    }

    int purgeOlderThan(long seconds) {
        return jdbc.sql("delete from crm_idempotency where created_at < now() - make_interval(secs => :secs)")
                .param("secs", seconds).update();
    }
}
