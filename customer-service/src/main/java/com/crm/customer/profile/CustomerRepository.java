package com.crm.customer.profile;

import com.crm.customer.property.CustomProperties;
import com.crm.support.access.SqlCondition;
import com.crm.support.json.StoredJson;
import com.crm.support.paging.KeysetCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Customers in PostgreSQL: contact points, addresses, consents and attributes as jsonb, lookup keys as text[]. */
@Repository
class CustomerRepository {

    private static final String COLUMNS = """
            id, type, display_name, given_name, family_name, emails, phones, wechat_id, addresses, company,
            job_title, industry, birthday, region, time_zone, tags, owner_id, team_id, attributes, consents, properties, created_at, updated_at,
            deleted_at, version, status, merged_into""";

    private static final String READ_COLUMNS = COLUMNS + """
            , (select coalesce(jsonb_agg(jsonb_build_object('source', r.source, 'externalId', r.external_id)
                  order by r.source, r.external_id), '[]') from customer_external_ref r
               where r.customer_id = customer.id) as external_refs""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CustomerRepository(JdbcClient jdbc, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.json = storedJson.mapper();
    }

    void insert(Customer c) {
        jdbc.sql("insert into customer (" + COLUMNS + ", email_keys, phone_keys) values ("
                        + ":id, :type, :displayName, :givenName, :familyName, cast(:emails as jsonb),"
                        + " cast(:phones as jsonb), :wechatId, cast(:addresses as jsonb), :company, :jobTitle,"
                        + " :industry, :birthday, :region, :timeZone, " + textArray("tags") + ", :ownerId, :teamId,"
                        + " cast(:attributes as jsonb), cast(:consents as jsonb), cast(:properties as jsonb),"
                        + " :createdAt, :updatedAt, :deletedAt,"
                        + " :version, :status, :mergedInto, " + textArray("emailKeys") + ", " + textArray("phoneKeys")
                        + ")")
                .params(params(c))
                .update();
    }

    /**
     * Inserts new customers with one statement: the rows travel as one JSON array, so a chunk of thousands costs one
     * round trip and one plan instead of one per customer.
     */
    void insertAll(List<Customer> created) {
        if (created.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into customer (%s, email_keys, phone_keys)
                        select r.id, r.type, r."displayName", r."givenName", r."familyName", r.emails, r.phones,
                          r."wechatId", r.addresses, r.company, r."jobTitle", r.industry, r.birthday, r.region,
                          r."timeZone", array(select jsonb_array_elements_text(r.tags)), r."ownerId", r."teamId",
                          r.attributes, r.consents, r.properties, r."createdAt", r."updatedAt", r."deletedAt",
                          r.version, r.status, r."mergedInto",
                          array(select jsonb_array_elements_text(r."emailKeys")),
                          array(select jsonb_array_elements_text(r."phoneKeys"))
                        from jsonb_to_recordset(cast(:rows as jsonb)) as r(id uuid, type text, "displayName" text,
                          "givenName" text, "familyName" text, emails jsonb, phones jsonb, "wechatId" text,
                          addresses jsonb, company text, "jobTitle" text, industry text, birthday date, region text,
                          "timeZone" text, tags jsonb, "ownerId" text, "teamId" text, attributes jsonb, consents jsonb,
                          properties jsonb, "createdAt" timestamptz, "updatedAt" timestamptz,
                          "deletedAt" timestamptz, version bigint, status text, "mergedInto" uuid,
                          "emailKeys" jsonb, "phoneKeys" jsonb)""".formatted(COLUMNS))
                .param(
                        "rows",
                        json.writeValueAsString(
                                created.stream().map(this::jsonRow).toList()))
                .update();
    }

    /** A customer as one JSON object of {@link #insertAll}: JSON-valued columns embedded, not as strings. */
    private Map<String, Object> jsonRow(Customer c) {
        Map<String, Object> row = params(c);
        Profile p = c.profile();
        row.put("emails", p.emails());
        row.put("phones", p.phones());
        row.put("addresses", p.addresses());
        row.put("tags", p.tags());
        row.put("attributes", p.attributes());
        row.put("consents", p.consents());
        row.put("properties", p.properties());
        row.put("emailKeys", p.emailKeys());
        row.put("phoneKeys", p.phoneKeys());
        row.put("birthday", p.birthday() == null ? null : p.birthday().toString());
        row.put("createdAt", c.createdAt().toString());
        row.put("updatedAt", c.updatedAt().toString());
        row.put("deletedAt", null);
        return row;
    }

    /**
     * Adds the references of new customers with one statement.
     *
     * @return the references another customer took first (added concurrently since they were looked up)
     */
    Set<ExternalReference> addExternalReferences(Map<ExternalReference, UUID> references) {
        if (references.isEmpty()) {
            return Set.of();
        }
        List<Map<String, Object>> rows = references.entrySet().stream()
                .map(e -> Map.<String, Object>of(
                        "source", e.getKey().source(),
                        "externalId", e.getKey().externalId(),
                        "customerId", e.getValue()))
                .toList();
        Set<ExternalReference> added = new HashSet<>(jdbc.sql("""
                        insert into customer_external_ref (source, external_id, customer_id)
                        select r.source, r."externalId", r."customerId"
                        from jsonb_to_recordset(cast(:rows as jsonb)) as r(source text, "externalId" text, "customerId" uuid)
                        on conflict do nothing
                        returning source, external_id""")
                .param("rows", json.writeValueAsString(rows))
                .query((rs, n) -> new ExternalReference(rs.getString(1), rs.getString(2)))
                .list());
        Set<ExternalReference> taken = new HashSet<>(references.keySet());
        taken.removeAll(added);
        return taken;
    }

    /** Removes customers inserted in this transaction that lost their reference to a concurrent writer. */
    void deleteUnpublished(Collection<UUID> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("delete from customer where id in (:ids)")
                    .param("ids", ids)
                    .update();
        }
    }

    /** The customers holding these references, whatever their status, in one query. */
    Map<ExternalReference, UUID> idsByReference(Collection<ExternalReference> refs) {
        Map<ExternalReference, UUID> found = new HashMap<>();
        if (refs.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        select r.source, r.external_id, r.customer_id
                        from jsonb_to_recordset(cast(:refs as jsonb)) as k(source text, "externalId" text)
                        join customer_external_ref r on r.source = k.source and r.external_id = k."externalId"
                        """)
                .param("refs", json.writeValueAsString(refs))
                .query((rs, n) ->
                        found.put(new ExternalReference(rs.getString(1), rs.getString(2)), rs.getObject(3, UUID.class)))
                .list();
        return found;
    }

    /** @return false when the stored version is no longer {@code expectedVersion} */
    boolean update(Customer c, long expectedVersion) {
        int rows = jdbc.sql("""
                        update customer set type = :type, display_name = :displayName, given_name = :givenName,
                          family_name = :familyName, emails = cast(:emails as jsonb), phones = cast(:phones as jsonb),
                          wechat_id = :wechatId, addresses = cast(:addresses as jsonb), company = :company,
                          job_title = :jobTitle, industry = :industry, birthday = :birthday, region = :region,
                          time_zone = :timeZone,
                          tags = %s, owner_id = :ownerId, team_id = :teamId, attributes = cast(:attributes as jsonb),
                          consents = cast(:consents as jsonb), properties = cast(:properties as jsonb),
                          updated_at = :updatedAt, deleted_at = :deletedAt,
                          version = :version, status = :status, merged_into = :mergedInto,
                          email_keys = %s, phone_keys = %s
                        where id = :id and version = :expectedVersion""".formatted(textArray("tags"), textArray("emailKeys"), textArray("phoneKeys")))
                .params(params(c))
                .param("expectedVersion", expectedVersion)
                .update();
        return rows == 1;
    }

    /** Just enough of a customer to follow merges: a cheap lookup for references from other records. */
    record Lifecycle(CustomerStatus status, UUID mergedInto) {}

    Optional<Lifecycle> lifecycle(UUID id) {
        return jdbc.sql("select status, merged_into from customer where id = :id")
                .param("id", id)
                .query((rs, n) -> new Lifecycle(CustomerStatus.valueOf(rs.getString(1)), rs.getObject(2, UUID.class)))
                .optional();
    }

    /** Who owns a customer: the owning person's user id and the team. */
    record Ownership(String ownerId, String teamId) {}

    /** The owner and team of the customer, or of the survivor at the end of its merges; empty for an unknown id. */
    Optional<Ownership> ownershipAtEndOfMerges(UUID id) {
        return jdbc.sql("""
                        with recursive chain (id, merged_into, owner_id, team_id, depth) as (
                            select id, merged_into, owner_id, team_id, 0 from customer where id = :id
                            union all
                            select c.id, c.merged_into, c.owner_id, c.team_id, chain.depth + 1
                            from customer c join chain on c.id = chain.merged_into
                            where chain.depth < :maxHops)
                        select owner_id, team_id from chain order by depth desc limit 1""")
                .param("id", id)
                .param("maxHops", MergeChain.MAX_HOPS)
                .query((rs, n) -> new Ownership(rs.getString(1), rs.getString(2)))
                .optional();
    }

    Set<UUID> activeIds(Collection<UUID> ids, SqlCondition visible) {
        return new HashSet<>(
                jdbc.sql("select id from customer where id in (:ids) and status = 'ACTIVE' and " + visible.clause())
                        .params(visible.params())
                        .param("ids", ids)
                        .query(UUID.class)
                        .list());
    }

    Map<ExternalReference, UUID> activeIdsByReference(Collection<ExternalReference> refs, SqlCondition visible) {
        Map<ExternalReference, UUID> found = new HashMap<>();
        jdbc.sql("""
                        select r.source, r.external_id, r.customer_id
                        from jsonb_to_recordset(cast(:refs as jsonb)) as k(source text, "externalId" text)
                        join customer_external_ref r on r.source = k.source and r.external_id = k."externalId"
                        join customer c on c.id = r.customer_id and c.status = 'ACTIVE'""" + " where " + visible.clause())
                .params(visible.params())
                .param("refs", json.writeValueAsString(refs))
                .query((rs, n) ->
                        found.put(new ExternalReference(rs.getString(1), rs.getString(2)), rs.getObject(3, UUID.class)))
                .list();
        return found;
    }

    /** @return the customer holding this reference, deleted ones included */
    Optional<UUID> findIdByExternalReference(ExternalReference ref) {
        return jdbc.sql("select customer_id from customer_external_ref where source = :source and external_id = :id")
                .param("source", ref.source())
                .param("id", ref.externalId())
                .query(UUID.class)
                .optional();
    }

    /** @return false when the reference already belongs to a customer (possibly just added concurrently) */
    boolean addExternalReference(UUID customerId, ExternalReference ref) {
        return jdbc.sql("""
                        insert into customer_external_ref (source, external_id, customer_id)
                        values (:source, :id, :customerId) on conflict do nothing""")
                        .param("source", ref.source())
                        .param("id", ref.externalId())
                        .param("customerId", customerId)
                        .update()
                == 1;
    }

    /** Locks the given customers in id order (so two merges of overlapping sets cannot deadlock). */
    List<Customer> findAllForUpdate(Collection<UUID> ids) {
        return jdbc.sql("select " + READ_COLUMNS + " from customer where id in (:ids) order by id for update")
                .param("ids", ids)
                .query(this::map)
                .list();
    }

    /** Customers merged into {@code survivor}, directly. */
    List<UUID> findMergedInto(UUID survivor) {
        return jdbc.sql("select id from customer where merged_into = :id")
                .param("id", survivor)
                .query(UUID.class)
                .list();
    }

    /** @return how many references moved */
    int moveExternalReferences(Collection<UUID> from, UUID to) {
        return jdbc.sql("update customer_external_ref set customer_id = :to where customer_id in (:from)")
                .param("to", to)
                .param("from", from)
                .update();
    }

    void reassignExternalReference(ExternalReference ref, UUID to) {
        jdbc.sql("update customer_external_ref set customer_id = :to where source = :source and external_id = :id")
                .param("to", to)
                .param("source", ref.source())
                .param("id", ref.externalId())
                .update();
    }

    Optional<Customer> find(UUID id) {
        return jdbc.sql("select " + READ_COLUMNS + " from customer where id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    List<Customer> findLive(Collection<UUID> ids) {
        return jdbc.sql("select " + READ_COLUMNS + " from customer where id in (:ids) and deleted_at is null")
                .param("ids", ids)
                .query(this::map)
                .list();
    }

    /** Reads and locks the row until the transaction ends, so concurrent changes queue instead of interleaving. */
    Optional<Customer> findForUpdate(UUID id) {
        return jdbc.sql("select " + READ_COLUMNS + " from customer where id = :id for update")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** Live customers after {@code after} in (created_at, id) order: a stable order new rows never reshuffle. */
    List<Customer> list(CustomerFilter f, SqlCondition visible, KeysetCursor after, int limit) {
        StringBuilder where = new StringBuilder("deleted_at is null");
        var params = new HashMap<String, Object>();
        if (!visible.always()) {
            where.append(" and ").append(visible.clause());
            params.putAll(visible.params());
        }
        if (after != null) {
            where.append(" and (created_at, id) > (:afterAt, :afterId)");
            params.put("afterAt", utc(after.at()));
            params.put("afterId", after.id());
        }
        if (f.nameContains() != null) {
            where.append(" and display_name ilike :name escape '\\'");
            params.put(
                    "name",
                    "%"
                            + f.nameContains()
                                    .replace("\\", "\\\\")
                                    .replace("%", "\\%")
                                    .replace("_", "\\_") + "%");
        }
        if (f.email() != null) {
            where.append(" and email_keys @> array[cast(:email as text)]");
            params.put("email", ProfileNormalizer.emailKey(f.email()));
        }
        if (f.phoneE164() != null) {
            where.append(" and phone_keys @> array[cast(:phone as text)]");
            params.put("phone", f.phoneE164());
        }
        if (f.tags() != null && !f.tags().isEmpty()) {
            where.append(" and tags @> ").append(textArray("tags"));
            params.put("tags", json.writeValueAsString(f.tags()));
        }
        if (f.type() != null) {
            where.append(" and type = :type");
            params.put("type", f.type().name());
        }
        if (f.ownerId() != null) {
            where.append(" and owner_id = :ownerId");
            params.put("ownerId", f.ownerId());
        }
        range(where, params, "created_at", "created", f.createdFrom(), f.createdTo());
        range(where, params, "updated_at", "updated", f.updatedFrom(), f.updatedTo());
        return jdbc.sql("select " + READ_COLUMNS + " from customer where " + where
                        + " order by created_at, id limit :limit")
                .params(params)
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    private static void range(
            StringBuilder where, Map<String, Object> params, String column, String name, Instant from, Instant to) {
        if (from != null) {
            where.append(" and ").append(column).append(" >= :").append(name).append("From");
            params.put(name + "From", utc(from));
        }
        if (to != null) {
            where.append(" and ").append(column).append(" < :").append(name).append("To");
            params.put(name + "To", utc(to));
        }
    }

    /** A text[] from a JSON array parameter: sidesteps driver-specific array binding. */
    private static String textArray(String param) {
        return "array(select jsonb_array_elements_text(cast(:" + param + " as jsonb)))";
    }

    private Map<String, Object> params(Customer c) {
        Profile p = c.profile();
        var params = new HashMap<String, Object>();
        params.put("id", c.id());
        params.put("type", p.type().name());
        params.put("displayName", p.displayName());
        params.put("givenName", p.givenName());
        params.put("familyName", p.familyName());
        params.put("emails", json.writeValueAsString(p.emails()));
        params.put("phones", json.writeValueAsString(p.phones()));
        params.put("wechatId", p.wechatId());
        params.put("addresses", json.writeValueAsString(p.addresses()));
        params.put("company", p.company());
        params.put("jobTitle", p.jobTitle());
        params.put("industry", p.industry());
        params.put("birthday", p.birthday());
        params.put("region", p.region());
        params.put("timeZone", p.timeZone());
        params.put("tags", json.writeValueAsString(p.tags()));
        params.put("ownerId", p.ownerId());
        params.put("teamId", p.teamId());
        params.put("attributes", json.writeValueAsString(p.attributes()));
        params.put("consents", json.writeValueAsString(p.consents()));
        params.put("properties", json.writeValueAsString(p.properties()));
        params.put("createdAt", utc(c.createdAt()));
        params.put("updatedAt", utc(c.updatedAt()));
        params.put("deletedAt", c.deletedAt() == null ? null : utc(c.deletedAt()));
        params.put("version", c.version());
        params.put("status", c.status().name());
        params.put("mergedInto", c.mergedInto());
        params.put("emailKeys", json.writeValueAsString(p.emailKeys()));
        params.put("phoneKeys", json.writeValueAsString(p.phoneKeys()));
        return params;
    }

    private Customer map(ResultSet rs, int row) throws SQLException {
        Map<ConsentChannel, Consent> consents = new EnumMap<>(ConsentChannel.class);
        consents.putAll(json.readValue(rs.getString("consents"), new TypeReference<Map<ConsentChannel, Consent>>() {}));
        Profile profile = new Profile(
                CustomerType.valueOf(rs.getString("type")),
                rs.getString("display_name"),
                rs.getString("given_name"),
                rs.getString("family_name"),
                json.readValue(rs.getString("emails"), new TypeReference<List<Email>>() {}),
                json.readValue(rs.getString("phones"), new TypeReference<List<Phone>>() {}),
                rs.getString("wechat_id"),
                json.readValue(rs.getString("addresses"), new TypeReference<List<Address>>() {}),
                rs.getString("company"),
                rs.getString("job_title"),
                rs.getString("industry"),
                rs.getObject("birthday", LocalDate.class),
                rs.getString("region"),
                rs.getString("time_zone"),
                List.copyOf(Arrays.asList((String[]) rs.getArray("tags").getArray())),
                rs.getString("owner_id"),
                rs.getString("team_id"),
                json.readValue(rs.getString("attributes"), new TypeReference<Map<String, Object>>() {}),
                consents,
                CustomProperties.canonical(json.reader()
                        .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                        .readTree(rs.getString("properties"))));
        OffsetDateTime deleted = rs.getObject("deleted_at", OffsetDateTime.class);
        return new Customer(
                rs.getObject("id", UUID.class),
                profile,
                json.readValue(rs.getString("external_refs"), new TypeReference<List<ExternalReference>>() {}),
                CustomerStatus.valueOf(rs.getString("status")),
                rs.getObject("merged_into", UUID.class),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                deleted == null ? null : deleted.toInstant(),
                rs.getLong("version"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
