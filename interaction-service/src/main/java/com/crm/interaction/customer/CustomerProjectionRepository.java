package com.crm.interaction.customer;

import com.crm.support.access.ProjectedCustomerAccess;
import com.crm.support.json.StoredJson;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The local projection of customers in PostgreSQL. */
@Repository
public class CustomerProjectionRepository {

    private static final String COLUMNS =
            "customer_id, status, consents, time_zone, owner_id, tags, version, updated_at, tier";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CustomerProjectionRepository(JdbcClient jdbc, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.json = storedJson.mapper();
    }

    public Optional<CustomerProjection> find(UUID customerId) {
        return jdbc.sql("select " + COLUMNS + " from customer_projection where customer_id = :id")
                .param("id", customerId)
                .query(this::map)
                .optional();
    }

    /** Inserts or replaces (with the customer's team, for record-level access), unless the stored version is newer (a stale, re-ordered or re-delivered update). */
    boolean upsert(CustomerProjection c, String teamId) {
        return jdbc.sql("""
                        insert into customer_projection (customer_id, status, consents, time_zone, owner_id, tags,
                          version, updated_at, team_id)
                        values (:id, :status, cast(:consents as jsonb), :timeZone, :ownerId,
                          array(select jsonb_array_elements_text(cast(:tags as jsonb))), :version, :updatedAt, :teamId)
                        on conflict (customer_id) do update set status = excluded.status,
                          consents = excluded.consents, time_zone = excluded.time_zone, owner_id = excluded.owner_id,
                          team_id = excluded.team_id,
                          tags = excluded.tags, version = excluded.version, updated_at = excluded.updated_at
                        where customer_projection.version <= excluded.version
                          and customer_projection.status <> 'ERASED'""")
                        .param("id", c.customerId())
                        .param("status", c.status())
                        .param("consents", json.writeValueAsString(c.consents()))
                        .param("timeZone", c.timeZone())
                        .param("ownerId", truncate(c.ownerId()))
                        .param("teamId", truncate(teamId))
                        .param("tags", json.writeValueAsString(c.tags() == null ? List.of() : c.tags()))
                        .param("version", c.version())
                        .param("updatedAt", utc(c.updatedAt()))
                        .update()
                == 1;
    }

    /** One channel's consent; a customer not seen yet gets a row at version 0 that the first snapshot replaces. */
    void setConsent(UUID customerId, String channel, String status, Instant at) {
        jdbc.sql("""
                        insert into customer_projection (customer_id, status, consents, version, updated_at)
                        values (:id, 'ACTIVE', jsonb_build_object(cast(:channel as text), cast(:status as text)), 0, :at)
                        on conflict (customer_id) do update
                          set consents = customer_projection.consents
                                || jsonb_build_object(cast(:channel as text), cast(:status as text)),
                              updated_at = greatest(customer_projection.updated_at, excluded.updated_at)
                        where customer_projection.status <> 'ERASED'""")
                .param("id", customerId)
                .param("channel", channel)
                .param("status", status)
                .param("at", utc(at))
                .update();
    }

    /** A decision on a purpose; an older one than the stored one changes nothing. */
    void setPurpose(UUID customerId, String purpose, String channel, String status, Instant at) {
        jdbc.sql("""
                        insert into customer_purpose (customer_id, purpose, channel, status, changed_at)
                        values (:id, :purpose, :channel, :status, :at)
                        on conflict (customer_id, purpose, channel) do update
                          set status = excluded.status, changed_at = excluded.changed_at
                        where customer_purpose.changed_at <= excluded.changed_at""")
                .param("id", customerId)
                .param("purpose", purpose)
                .param("channel", channel)
                .param("status", status)
                .param("at", utc(at))
                .update();
    }

    /** A subscription choice; an older one than the stored one changes nothing. */
    void setSubscription(UUID customerId, String type, String status, Instant at) {
        jdbc.sql("""
                        insert into customer_subscription (customer_id, subscription_type, status, changed_at)
                        values (:id, :type, :status, :at)
                        on conflict (customer_id, subscription_type) do update
                          set status = excluded.status, changed_at = excluded.changed_at
                        where customer_subscription.changed_at <= excluded.changed_at""")
                .param("id", customerId)
                .param("type", type)
                .param("status", status)
                .param("at", utc(at))
                .update();
    }

    /** The customer's purpose decisions, keyed {@code PURPOSE/CHANNEL} (channel {@code ALL} or one channel). */
    public Map<String, String> purposes(UUID customerId) {
        Map<String, String> purposes = new java.util.HashMap<>();
        jdbc.sql("select purpose, channel, status from customer_purpose where customer_id = :id")
                .param("id", customerId)
                .query(rs -> {
                    purposes.put(rs.getString("purpose") + "/" + rs.getString("channel"), rs.getString("status"));
                });
        return purposes;
    }

    /** The customer's subscription choices by type. */
    public Map<String, String> subscriptions(UUID customerId) {
        Map<String, String> choices = new java.util.HashMap<>();
        jdbc.sql("select subscription_type, status from customer_subscription where customer_id = :id")
                .param("id", customerId)
                .query(rs -> {
                    choices.put(rs.getString("subscription_type"), rs.getString("status"));
                });
        return choices;
    }

    void markDeleted(UUID customerId, long version, Instant at) {
        jdbc.sql("""
                        insert into customer_projection (customer_id, status, consents, version, updated_at)
                        values (:id, 'DELETED', '{}', :version, :at)
                        on conflict (customer_id) do update set status = 'DELETED', version = excluded.version,
                          updated_at = excluded.updated_at
                        where customer_projection.version <= excluded.version
                          and customer_projection.status <> 'ERASED'""")
                .param("id", customerId)
                .param("version", version)
                .param("at", utc(at))
                .update();
    }

    /** Forgets everything personal: consents, time zone, tags, tier; keeps that the id was erased. */
    void markErased(UUID customerId, Instant at) {
        jdbc.sql("""
                        insert into customer_projection (customer_id, status, consents, version, updated_at)
                        values (:id, 'ERASED', '{}', 0, :at)
                        on conflict (customer_id) do update set status = 'ERASED', consents = '{}', time_zone = null,
                          owner_id = null, tags = '{}', tier = null, tier_changed_at = null, loyalty_level = null,
                          loyalty_level_at = null, updated_at = excluded.updated_at""").param("id", customerId).param("at", utc(at)).update();
        jdbc.sql("delete from customer_purpose where customer_id = :id")
                .param("id", customerId)
                .update();
        jdbc.sql("delete from customer_subscription where customer_id = :id")
                .param("id", customerId)
                .update();
    }

    /** A merged-away id: contacts go to the survivor from now on (call {@link #carryTier} first). */
    void markMerged(UUID customerId, Instant at) {
        jdbc.sql("""
                        insert into customer_projection (customer_id, status, consents, version, updated_at)
                        values (:id, 'MERGED', '{}', 0, :at)
                        on conflict (customer_id) do update set status = 'MERGED', consents = '{}', tier = null,
                          tier_changed_at = null, loyalty_level = null, loyalty_level_at = null,
                          updated_at = excluded.updated_at
                        where customer_projection.status <> 'ERASED'""").param("id", customerId).param("at", utc(at)).update();
    }

    /**
     * A label another service assigns and plans select by (newest wins by the event's time): its column and the
     * column of that time. Constants only: they are written into the SQL.
     */
    private enum Label {
        TIER("tier", "tier_changed_at"),
        LOYALTY_LEVEL("loyalty_level", "loyalty_level_at");

        private final String column;
        private final String at;

        Label(String column, String at) {
            this.column = column;
            this.at = at;
        }
    }

    /**
     * Sets the value tier unless a newer one is stored (newest wins by the event's time, so a re-ordered or
     * re-delivered event changes nothing); a customer not seen yet gets a row at version 0 that the first snapshot
     * completes. An erased customer gets no tier. @return whether the stored tier changed
     */
    boolean setTier(UUID customerId, String tier, Instant at) {
        return set(Label.TIER, customerId, tier, at);
    }

    /** Sets the loyalty level as {@link #setTier} sets the tier. @return whether the stored level changed */
    boolean setLoyaltyLevel(UUID customerId, String level, Instant at) {
        return set(Label.LOYALTY_LEVEL, customerId, level, at);
    }

    /**
     * A merge: the survivor takes the newest tier among itself and the merged ids (until segmentation-service scores
     * the merged customer anew, which then wins as the newer event).
     */
    void carryTier(List<UUID> mergedIds, UUID survivor, Instant at) {
        carry(Label.TIER, mergedIds, survivor, at);
    }

    /** A merge: the survivor takes the newest loyalty level among itself and the merged ids, as for the tier. */
    void carryLoyaltyLevel(List<UUID> mergedIds, UUID survivor, Instant at) {
        carry(Label.LOYALTY_LEVEL, mergedIds, survivor, at);
    }

    private boolean set(Label label, UUID customerId, String value, Instant at) {
        String before = jdbc.sql(
                        "select %s from customer_projection where customer_id = :id for update".formatted(label.column))
                .param("id", customerId)
                .query((rs, row) -> rs.getString(1))
                .optional()
                .orElse(null);
        int applied = jdbc.sql("""
                        insert into customer_projection (customer_id, status, consents, version, updated_at, %1$s, %2$s)
                        values (:id, 'ACTIVE', '{}', 0, :at, :value, :at)
                        on conflict (customer_id) do update set %1$s = excluded.%1$s, %2$s = excluded.%2$s
                        where customer_projection.status <> 'ERASED'
                          and (customer_projection.%2$s is null or customer_projection.%2$s <= excluded.%2$s)""".formatted(label.column, label.at))
                .param("id", customerId)
                .param("value", value)
                .param("at", utc(at))
                .update();
        return applied == 1 && !value.equals(before);
    }

    private void carry(Label label, List<UUID> mergedIds, UUID survivor, Instant at) {
        if (mergedIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into customer_projection (customer_id, status, consents, version, updated_at, %1$s, %2$s)
                        select :survivor, 'ACTIVE', '{}', 0, :at, m.%1$s, m.%2$s
                        from customer_projection m
                        where m.customer_id in (:merged) and m.%1$s is not null and m.status <> 'ERASED'
                        order by m.%2$s desc limit 1
                        on conflict (customer_id) do update set %1$s = excluded.%1$s, %2$s = excluded.%2$s
                        where customer_projection.status <> 'ERASED'
                          and (customer_projection.%2$s is null or customer_projection.%2$s < excluded.%2$s)""".formatted(label.column, label.at))
                .param("survivor", survivor)
                .param("merged", mergedIds)
                .param("at", utc(at))
                .update();
    }

    /** Owner and team for record-level access ({@link CustomerAccess}); empty when the customer is not known. */
    Optional<ProjectedCustomerAccess.Ownership> ownership(UUID customerId) {
        return jdbc.sql("select owner_id, team_id from customer_projection where customer_id = :id")
                .param("id", customerId)
                .query((rs, n) ->
                        new ProjectedCustomerAccess.Ownership(rs.getString("owner_id"), rs.getString("team_id")))
                .optional();
    }

    private static String truncate(String value) {
        return value == null || value.length() <= 64 ? value : value.substring(0, 64);
    }

    void delete(UUID customerId) {
        jdbc.sql("delete from customer_projection where customer_id = :id")
                .param("id", customerId)
                .update();
    }

    private CustomerProjection map(ResultSet rs, int row) throws SQLException {
        Map<String, String> consents =
                json.readValue(rs.getString("consents"), new TypeReference<Map<String, String>>() {});
        Array tags = rs.getArray("tags");
        return new CustomerProjection(
                rs.getObject("customer_id", UUID.class),
                rs.getString("status"),
                consents,
                rs.getString("time_zone"),
                rs.getString("owner_id"),
                tags == null ? List.of() : List.copyOf(Arrays.asList((String[]) tags.getArray())),
                rs.getLong("version"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getString("tier"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return (instant == null ? Instant.EPOCH : instant).atOffset(ZoneOffset.UTC);
    }
}
