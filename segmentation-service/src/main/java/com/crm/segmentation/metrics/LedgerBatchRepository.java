package com.crm.segmentation.metrics;

import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.purchase.PurchaseLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * A consumer batch's ledger rows and profile snapshots, each kind written with one statement (arrays unnested), the
 * same rows the per-event statements of {@link MetricsRepository} would write. Values travel as text and are cast
 * in SQL, so that no JDBC array type mapping can change them.
 */
@Repository
class LedgerBatchRepository {

    /** A purchase ({@code PURCHASE}) or refund ({@code REFUND}, amount negative as sent). */
    record PurchaseRow(
            UUID purchaseId,
            String kind,
            UUID customerId,
            Instant occurredAt,
            BigDecimal amount,
            List<PurchaseLine> lines) {}

    record InteractionRow(
            UUID interactionId,
            UUID customerId,
            Instant occurredAt,
            boolean purchaseIntent,
            boolean complaint,
            String type,
            String channel) {}

    /** The newest snapshot of a customer in the batch, with the first creation time any of its snapshots carried. */
    record ProfileRow(CustomerSnapshot snapshot, Instant createdAt, Instant updatedAt) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    LedgerBatchRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the purchases not recorded yet (by {@code (purchaseId, kind)}: one re-sent under another event id is
     * not counted twice; of two in the batch the first counts), then the product lines of those.
     *
     * @return the customers who got a new purchase or refund
     */
    Set<UUID> recordPurchases(List<PurchaseRow> rows) {
        if (rows.isEmpty()) {
            return Set.of();
        }
        List<Map.Entry<UUID, String>> fresh = jdbc.sql("""
                insert into purchase (purchase_id, kind, customer_id, occurred_at, day, amount)
                select cast(id as uuid), kind, cast(customer as uuid), cast(at as timestamptz),
                       cast(cast(at as timestamptz) at time zone 'UTC' as date), cast(amount as numeric)
                from unnest(:ids, :kinds, :customers, :ats, :amounts) as p(id, kind, customer, at, amount)
                on conflict do nothing
                returning purchase_id, kind""")
                .param("ids", text(rows, r -> r.purchaseId().toString()))
                .param("kinds", text(rows, PurchaseRow::kind))
                .param("customers", text(rows, r -> r.customerId().toString()))
                .param("ats", text(rows, r -> r.occurredAt().toString()))
                .param("amounts", text(rows, r -> r.amount().toPlainString()))
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .list();
        Map<Map.Entry<UUID, String>, PurchaseRow> first = new HashMap<>();
        for (PurchaseRow row : rows) {
            first.putIfAbsent(Map.entry(row.purchaseId(), row.kind()), row);
        }
        Set<UUID> customers = new LinkedHashSet<>();
        List<PurchaseRow> withLines = new ArrayList<>();
        for (Map.Entry<UUID, String> key : fresh) {
            PurchaseRow row = first.get(key);
            customers.add(row.customerId());
            if (row.lines() != null) {
                withLines.add(row);
            }
        }
        recordLines(withLines);
        return customers;
    }

    /** The lines that carry a product code (what next best offer learns from). */
    private void recordLines(List<PurchaseRow> purchases) {
        List<String[]> lines = new ArrayList<>();
        for (PurchaseRow p : purchases) {
            String day = p.occurredAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
            for (int i = 0; i < p.lines().size(); i++) {
                PurchaseLine line = p.lines().get(i);
                if (line == null
                        || line.sku() == null
                        || line.sku().isBlank()
                        || line.sku().length() > 128) {
                    continue;
                }
                lines.add(new String[] {
                    p.purchaseId().toString(),
                    Integer.toString(i),
                    p.customerId().toString(),
                    day,
                    line.sku().strip()
                });
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into purchase_line (purchase_id, line_no, customer_id, day, sku)
                select cast(id as uuid), cast(no as int), cast(customer as uuid), cast(day as date), sku
                from unnest(:ids, :nos, :customers, :days, :skus) as l(id, no, customer, day, sku)
                on conflict do nothing""")
                .param("ids", text(lines, l -> l[0]))
                .param("nos", text(lines, l -> l[1]))
                .param("customers", text(lines, l -> l[2]))
                .param("days", text(lines, l -> l[3]))
                .param("skus", text(lines, l -> l[4]))
                .update();
    }

    /** Inserts the interactions not recorded yet. @return the customers who got a new one */
    Set<UUID> recordInteractions(List<InteractionRow> rows) {
        if (rows.isEmpty()) {
            return Set.of();
        }
        return new LinkedHashSet<>(jdbc.sql("""
                insert into interaction_signal (interaction_id, customer_id, occurred_at, purchase_intent, complaint,
                                                type, channel)
                select cast(id as uuid), cast(customer as uuid), cast(at as timestamptz), cast(intent as boolean),
                       cast(complaint as boolean), type, channel
                from unnest(:ids, :customers, :ats, :intents, :complaints, :types, :channels)
                    as i(id, customer, at, intent, complaint, type, channel)
                on conflict do nothing
                returning customer_id""")
                .param("ids", text(rows, r -> r.interactionId().toString()))
                .param("customers", text(rows, r -> r.customerId().toString()))
                .param("ats", text(rows, r -> r.occurredAt().toString()))
                .param("intents", text(rows, r -> Boolean.toString(r.purchaseIntent())))
                .param("complaints", text(rows, r -> Boolean.toString(r.complaint())))
                .param("types", text(rows, r -> truncate(r.type(), 32)))
                .param("channels", text(rows, r -> truncate(r.channel(), 32)))
                .query(UUID.class)
                .list());
    }

    /**
     * Upserts active profiles, one row per customer (a snapshot is the whole profile: the newest wins; the creation
     * time stays the first one known), as {@link MetricsRepository#upsertProfile} does one at a time.
     */
    void upsertProfiles(Collection<ProfileRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<ProfileRow> list = List.copyOf(rows);
        jdbc.sql("""
                insert into customer_profile (customer_id, status, type, region, industry, owner_id, team_id, tags,
                                              created_at, updated_at, company, job_title, properties)
                select cast(id as uuid), 'ACTIVE', type, region, industry, owner, team,
                       array(select t from jsonb_array_elements_text(cast(tags as jsonb)) with ordinality e(t, o) order by o),
                       cast(created as timestamptz), cast(updated as timestamptz), company, job,
                       cast(properties as jsonb)
                from unnest(:ids, :types, :regions, :industries, :owners, :teams, :tags, :created, :updated,
                            :companies, :jobs, :properties)
                    as p(id, type, region, industry, owner, team, tags, created, updated, company, job, properties)
                on conflict (customer_id) do update set status = excluded.status, type = excluded.type,
                    region = excluded.region, industry = excluded.industry, owner_id = excluded.owner_id,
                    team_id = excluded.team_id,
                    tags = excluded.tags, created_at = coalesce(customer_profile.created_at, excluded.created_at),
                    updated_at = excluded.updated_at, company = excluded.company, job_title = excluded.job_title,
                    properties = excluded.properties""")
                .param("ids", text(list, r -> r.snapshot().id().toString()))
                .param("types", text(list, r -> r.snapshot().type()))
                .param("regions", text(list, r -> r.snapshot().region()))
                .param("industries", text(list, r -> r.snapshot().industry()))
                .param("owners", text(list, r -> r.snapshot().ownerId()))
                .param("teams", text(list, r -> truncate(r.snapshot().teamId(), 64)))
                .param(
                        "tags",
                        text(
                                list,
                                r -> JSON.writeValueAsString(
                                        r.snapshot().tags() == null
                                                ? List.of()
                                                : r.snapshot().tags())))
                .param(
                        "created",
                        text(
                                list,
                                r -> r.createdAt() == null
                                        ? null
                                        : r.createdAt().toString()))
                .param("updated", text(list, r -> r.updatedAt().toString()))
                .param("companies", text(list, r -> truncate(r.snapshot().company(), 300)))
                .param("jobs", text(list, r -> truncate(r.snapshot().jobTitle(), 200)))
                // a snapshot is the whole profile: without properties the customer has none
                .param(
                        "properties",
                        text(
                                list,
                                r -> JSON.writeValueAsString(
                                        r.snapshot().properties() == null
                                                ? Map.of()
                                                : r.snapshot().properties())))
                .update();
    }

    private static <T> SqlArrayValue text(List<T> rows, Function<T, String> column) {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return new SqlArrayValue("text", values);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
