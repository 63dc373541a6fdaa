package com.crm.webhook.subscription;

import com.crm.support.paging.KeysetCursor;
import com.crm.webhook.subscription.SubscriptionService.Subscribed;
import com.crm.webhook.subscription.SubscriptionService.SubscriptionInput;
import com.crm.webhook.subscription.SubscriptionService.SubscriptionView;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Subscriptions, their event type patterns (a text array) and their encrypted secrets. */
@Repository
class SubscriptionRepository {

    /** Where and how to send, with the secret as stored (encrypted). */
    record StoredTarget(
            UUID id,
            String targetUrl,
            byte[] secretCiphertext,
            boolean legacyCipher,
            boolean rawSecret,
            boolean active) {}

    /** A secret still encrypted with the first cipher. */
    record LegacySecret(UUID id, byte[] ciphertext) {}

    /** Limits a query to the subscriptions of {@code :owner}, or to none when it is null (an admin: all). */
    static final String OWNED = "(cast(:owner as varchar) is null or created_by = cast(:owner as varchar))";

    private final JdbcClient jdbc;

    SubscriptionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, SubscriptionInput valid, byte[] secretCiphertext, String client, Instant now) {
        jdbc.sql("""
                insert into webhook_subscription (id, target_url, event_types, secret_ciphertext, secret_cipher,
                    raw_secret, description, active, third_party, created_by, created_at, updated_at)
                values (:id, :url, string_to_array(:types, ','), :secret, 'tink', false, :description, :active,
                    :thirdParty, :client, :now, :now)""")
                .param("id", id)
                .param("url", valid.targetUrl())
                .param("types", String.join(",", valid.eventTypes()))
                .param("secret", secretCiphertext)
                .param("description", valid.description())
                .param("active", valid.active() == null || valid.active())
                .param("thirdParty", Boolean.TRUE.equals(valid.thirdParty()))
                .param("client", client)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** The subscription, when it exists and belongs to {@code owner} (null: any owner). */
    Optional<SubscriptionView> find(UUID id, String owner) {
        return jdbc.sql("select * from webhook_subscription where id = :id and " + OWNED)
                .param("id", id)
                .param("owner", owner)
                .query(this::map)
                .optional();
    }

    Optional<SubscriptionView> lock(UUID id, String owner) {
        return jdbc.sql("select * from webhook_subscription where id = :id and " + OWNED + " for update")
                .param("id", id)
                .param("owner", owner)
                .query(this::map)
                .optional();
    }

    /** How many subscriptions the client owns. */
    long countOwnedBy(String owner) {
        return jdbc.sql("select count(*) from webhook_subscription where created_by = :owner")
                .param("owner", owner)
                .query(Long.class)
                .single();
    }

    /** Serialises the creations of one client until the end of the transaction (its quota is counted then). */
    void lockOwner(String owner) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('webhook-owner:' || :owner, 0))")
                .param("owner", owner)
                .query((rs, n) -> 1)
                .list();
    }

    /** Oldest first, of {@code owner} (null: all), after the previous page's last subscription when given. */
    List<SubscriptionView> list(String owner, KeysetCursor after, int limit) {
        return jdbc.sql("""
                select * from webhook_subscription
                where (cast(:at as timestamptz) is null or (created_at, id) > (cast(:at as timestamptz), :after))
                  and %s
                order by created_at, id limit :limit""".formatted(OWNED))
                .param("owner", owner)
                .param("at", after == null ? null : Timestamp.from(after.at()))
                .param("after", after == null ? new UUID(0, 0) : after.id())
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    /** @param secretCiphertext the new secret, or null to keep the current one */
    void update(UUID id, SubscriptionInput valid, byte[] secretCiphertext, Instant now) {
        jdbc.sql("""
                update webhook_subscription set target_url = :url, event_types = string_to_array(:types, ','),
                    description = :description, active = :active, third_party = :thirdParty,
                    secret_ciphertext = coalesce(cast(:secret as bytea), secret_ciphertext),
                    raw_secret = raw_secret and cast(:secret as bytea) is null,
                    secret_cipher = case when cast(:secret as bytea) is null then secret_cipher else 'tink' end,
                    updated_at = :now,
                    version = version + 1
                where id = :id""")
                .param("url", valid.targetUrl())
                .param("types", String.join(",", valid.eventTypes()))
                .param("description", valid.description())
                .param("active", valid.active())
                .param("thirdParty", valid.thirdParty())
                .param("secret", secretCiphertext)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    /** @return whether a subscription of {@code owner} (null: any) was deleted */
    boolean delete(UUID id, String owner) {
        return jdbc.sql("delete from webhook_subscription where id = :id and " + OWNED)
                        .param("id", id)
                        .param("owner", owner)
                        .update()
                > 0;
    }

    List<Subscribed> all() {
        return jdbc.sql("select id, event_types, third_party from webhook_subscription")
                .query((rs, n) -> new Subscribed(
                        rs.getObject("id", UUID.class),
                        patterns(rs.getArray("event_types")),
                        rs.getBoolean("third_party")))
                .list();
    }

    /**
     * Drops the subscription's undelivered deliveries (pending, or dead and so replayable) about customers who have
     * not granted third-party sharing ({@code customer_sharing}): PURGED without their payload, {@code reason} as
     * their last error. Pings (about no customer) and erasure notices stay.
     *
     * @return how many
     */
    int purgeUnshared(UUID id, String reason) {
        return jdbc.sql("""
                update webhook_delivery d set payload = null, next_attempt_at = null, status = 'PURGED',
                    last_error = :reason
                where d.subscription_id = :id and d.status in ('PENDING', 'DEAD')
                  and d.event_type not in ('crm.webhook.ping', 'crm.customer.erased')
                  and not exists (select 1 from customer_sharing c
                                  where c.customer_id::text = d.customer_key and c.status = 'GRANTED')""").param("reason", reason).param("id", id).update();
    }

    Optional<StoredTarget> target(UUID id) {
        return jdbc.sql("select id, target_url, secret_ciphertext, secret_cipher, raw_secret, active "
                        + "from webhook_subscription where id = :id")
                .param("id", id)
                .query((rs, n) -> new StoredTarget(
                        rs.getObject("id", UUID.class),
                        rs.getString("target_url"),
                        rs.getBytes("secret_ciphertext"),
                        "legacy-aes-gcm".equals(rs.getString("secret_cipher")),
                        rs.getBoolean("raw_secret"),
                        rs.getBoolean("active")))
                .optional();
    }

    long countLegacySecrets() {
        return jdbc.sql("select count(*) from webhook_subscription where secret_cipher = 'legacy-aes-gcm'")
                .query(Long.class)
                .single();
    }

    List<LegacySecret> lockLegacySecrets(int limit) {
        return jdbc.sql("""
                select id, secret_ciphertext from webhook_subscription where secret_cipher = 'legacy-aes-gcm'
                limit :limit for update skip locked""")
                .param("limit", limit)
                .query((rs, n) -> new LegacySecret(rs.getObject("id", UUID.class), rs.getBytes("secret_ciphertext")))
                .list();
    }

    void replaceSecretCiphertext(UUID id, byte[] ciphertext) {
        jdbc.sql("update webhook_subscription set secret_ciphertext = :secret, secret_cipher = 'tink' where id = :id")
                .param("secret", ciphertext)
                .param("id", id)
                .update();
    }

    private SubscriptionView map(ResultSet rs, int n) throws SQLException {
        return new SubscriptionView(
                rs.getObject("id", UUID.class),
                rs.getString("target_url"),
                strings(rs.getArray("event_types")),
                rs.getString("description"),
                rs.getBoolean("active"),
                rs.getBoolean("third_party"),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("version"),
                null);
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    private static List<EventTypePattern> patterns(Array array) throws SQLException {
        return strings(array).stream().map(EventTypePattern::new).toList();
    }
}
