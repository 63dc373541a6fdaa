package com.crm.customer.purchase;

import com.crm.contracts.events.purchase.PurchaseLine;
import com.crm.support.access.SqlCondition;
import com.crm.support.database.BinaryCopy;
import com.crm.support.json.StoredJson;
import com.crm.support.paging.KeysetCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class PurchaseRepository {

    private static final String COLUMNS = """
            id, customer_id, source, erp_id, type, occurred_at, amount, currency, quantity, channel, lines, created_at""";

    /** Batches from this size on are copied (binary COPY) rather than sent as one JSON parameter. */
    static final int COPY_FROM = 200;

    /** A session's staging table for copied purchases, emptied at each commit. */
    private static final String STAGING = """
            create temporary table if not exists purchase_incoming (ord integer, id uuid, customer_id uuid, source text,
              erp_id text, type text, occurred_at timestamptz, amount text, currency text, quantity integer,
              channel text, lines jsonb, created_at timestamptz) on commit delete rows""";

    private static final String INSERT_STAGED = "insert into purchase (" + COLUMNS + """
            )
            select id, customer_id, source, erp_id, type, occurred_at, cast(amount as numeric), currency, quantity,
                   channel, lines, created_at
            from purchase_incoming order by ord
            on conflict (source, erp_id) do nothing
            returning source, erp_id""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;

    PurchaseRepository(JdbcClient jdbc, JdbcTemplate template, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = storedJson.mapper();
    }

    /** @return false when a purchase with the same (source, erpId) is already recorded */
    boolean insert(Purchase p) {
        return jdbc.sql("insert into purchase (" + COLUMNS + ") values (:id, :customerId, :source, :erpId, :type,"
                                + " :occurredAt, :amount, :currency, :quantity, :channel, cast(:lines as jsonb), :createdAt)"
                                + " on conflict (source, erp_id) do nothing")
                        .param("id", p.id())
                        .param("customerId", p.customerId())
                        .param("source", p.source())
                        .param("erpId", p.erpId())
                        .param("type", p.type().name())
                        .param("occurredAt", utc(p.occurredAt()))
                        .param("amount", p.amount())
                        .param("currency", p.currency())
                        .param("quantity", p.quantity())
                        .param("channel", p.channel())
                        .param("lines", json.writeValueAsString(p.lines()))
                        .param("createdAt", utc(p.createdAt()))
                        .update()
                == 1;
    }

    /** Inserts the new ones in one statement; @return "source\0erpId" of those inserted (not already recorded) */
    Set<String> insertAll(List<Purchase> batch) {
        if (batch.isEmpty()) {
            return Set.of();
        }
        if (batch.size() >= COPY_FROM) {
            Set<String> copied = copyAll(batch);
            if (copied != null) {
                return copied;
            }
        }
        List<Map<String, Object>> rows = batch.stream()
                .map(p -> {
                    Map<String, Object> row = new HashMap<>();
                    row.put("id", p.id());
                    row.put("customer_id", p.customerId());
                    row.put("source", p.source());
                    row.put("erp_id", p.erpId());
                    row.put("type", p.type().name());
                    row.put("occurred_at", p.occurredAt().toString());
                    row.put("amount", p.amount().toPlainString());
                    row.put("currency", p.currency());
                    row.put("quantity", p.quantity());
                    row.put("channel", p.channel());
                    row.put("lines", p.lines());
                    row.put("created_at", p.createdAt().toString());
                    return row;
                })
                .toList();
        Set<String> inserted = new HashSet<>();
        jdbc.sql("""
                        insert into purchase (""" + COLUMNS + """
                        )
                        select id, customer_id, source, erp_id, type, occurred_at, amount, currency, quantity, channel,
                               coalesce(lines, '[]'), created_at
                        from jsonb_to_recordset(cast(:rows as jsonb)) as r(id uuid, customer_id uuid, source text,
                          erp_id text, type text, occurred_at timestamptz, amount numeric, currency text, quantity integer,
                          channel text, lines jsonb, created_at timestamptz)
                        on conflict (source, erp_id) do nothing
                        returning source, erp_id""")
                .param("rows", json.writeValueAsString(rows))
                .query((rs, n) -> inserted.add(rs.getString(1) + "\u0000" + rs.getString(2)))
                .list();
        return inserted;
    }

    /**
     * A large batch (an import chunk's): copied in binary into the session's staging table, inserted from there in
     * the batch's order (the first of two items with one key wins, as with the statement above) and the staging
     * emptied again; null when the connection cannot copy. Nothing is parsed from text but the amounts.
     */
    private Set<String> copyAll(List<Purchase> batch) {
        return template.execute((ConnectionCallback<Set<String>>) c -> BinaryCopy.throughStaging(
                c,
                "purchase_incoming",
                STAGING,
                "ord, " + COLUMNS,
                copy -> {
                    int ord = 0;
                    for (Purchase p : batch) {
                        copy.row(13)
                                .int4(ord++)
                                .uuid(p.id())
                                .uuid(p.customerId())
                                .text(p.source())
                                .text(p.erpId())
                                .text(p.type().name())
                                .timestamptz(p.occurredAt())
                                .text(p.amount().toPlainString())
                                .text(p.currency())
                                .int4(p.quantity())
                                .text(p.channel())
                                .jsonb(json.writeValueAsString(p.lines()))
                                .timestamptz(p.createdAt());
                    }
                },
                s -> {
                    Set<String> inserted = new HashSet<>();
                    try (ResultSet rs = s.executeQuery(INSERT_STAGED)) {
                        while (rs.next()) {
                            inserted.add(rs.getString(1) + "\u0000" + rs.getString(2));
                        }
                    }
                    return inserted;
                }));
    }

    /** The recorded purchases with these (source, erpId), keyed "source\0erpId". */
    Map<String, Purchase> findAllBySourceId(List<Purchase> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, Purchase> found = new HashMap<>();
        jdbc.sql("""
                        select p.id, p.customer_id, p.source, p.erp_id, p.type, p.occurred_at, p.amount, p.currency,
                               p.quantity, p.channel, p.lines, p.created_at
                        from purchase p join jsonb_to_recordset(cast(:keys as jsonb)) as k(source text, erp_id text)
                          on p.source = k.source and p.erp_id = k.erp_id""")
                .param(
                        "keys",
                        json.writeValueAsString(keys.stream()
                                .map(p -> Map.of("source", p.source(), "erp_id", p.erpId()))
                                .toList()))
                .query(this::map)
                .list()
                .forEach(p -> found.put(p.source() + "\u0000" + p.erpId(), p));
        return found;
    }

    Optional<Purchase> findBySourceId(String source, String erpId) {
        return jdbc.sql("select " + COLUMNS + " from purchase where source = :source and erp_id = :erpId")
                .param("source", source)
                .param("erpId", erpId)
                .query(this::map)
                .optional();
    }

    /** The purchase, if its customer is within {@code visible}. */
    /** A condition on purchase rows: their customer is within {@code visible} (nothing when all are). */
    private static String ofVisibleCustomer(SqlCondition visible) {
        return visible.always()
                ? ""
                : " and exists (select 1 from customer c where c.id = purchase.customer_id and " + visible.clause()
                        + ")";
    }

    Optional<Purchase> find(UUID id, SqlCondition visible) {
        return jdbc.sql("select " + COLUMNS + " from purchase where id = :id" + ofVisibleCustomer(visible))
                .params(visible.params())
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** A customer's purchases, newest first, after {@code after} in (occurred_at, id) descending order. */
    List<Purchase> list(
            UUID customerId, SqlCondition visible, Instant from, Instant to, KeysetCursor after, int limit) {
        StringBuilder where = new StringBuilder("customer_id = :customerId").append(ofVisibleCustomer(visible));
        Map<String, Object> params = new HashMap<>(visible.params());
        params.put("customerId", customerId);
        if (after != null) {
            where.append(" and (occurred_at, id) < (:afterAt, :afterId)");
            params.put("afterAt", utc(after.at()));
            params.put("afterId", after.id());
        }
        if (from != null) {
            where.append(" and occurred_at >= :from");
            params.put("from", utc(from));
        }
        if (to != null) {
            where.append(" and occurred_at < :to");
            params.put("to", utc(to));
        }
        return jdbc.sql("select " + COLUMNS + " from purchase where " + where
                        + " order by occurred_at desc, id desc limit :limit")
                .params(params)
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    List<Purchase> all(UUID customerId) {
        return jdbc.sql("select " + COLUMNS + " from purchase where customer_id = :id order by occurred_at, id")
                .param("id", customerId)
                .query(this::map)
                .list();
    }

    int moveToCustomer(List<UUID> from, UUID to) {
        return jdbc.sql("update purchase set customer_id = :to where customer_id in (:from)")
                .param("to", to)
                .param("from", from)
                .update();
    }

    private Purchase map(ResultSet rs, int row) throws SQLException {
        return new Purchase(
                rs.getObject("id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                rs.getString("source"),
                rs.getString("erp_id"),
                PurchaseType.valueOf(rs.getString("type")),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getBigDecimal("amount"),
                rs.getString("currency"),
                (Integer) rs.getObject("quantity"),
                rs.getString("channel"),
                json.readValue(rs.getString("lines"), new TypeReference<List<PurchaseLine>>() {}),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
