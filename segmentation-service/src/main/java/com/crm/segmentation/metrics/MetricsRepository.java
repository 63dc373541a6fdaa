package com.crm.segmentation.metrics;

import com.crm.contracts.events.purchase.PurchaseLine;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The per-customer ledger (purchases, interaction signals, profile) and the metrics derived from it. */
@Repository
public class MetricsRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    MetricsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when this purchase (or refund) was already recorded (another event id, same purchase) */
    boolean recordPurchase(UUID purchaseId, String kind, UUID customerId, Instant occurredAt, BigDecimal amount) {
        return jdbc.sql("""
                insert into purchase (purchase_id, kind, customer_id, occurred_at, day, amount)
                values (:id, :kind, :customer, :at, :day, :amount) on conflict do nothing""")
                        .param("id", purchaseId)
                        .param("kind", kind)
                        .param("customer", customerId)
                        .param("at", Timestamp.from(occurredAt))
                        .param("day", occurredAt.atZone(ZoneOffset.UTC).toLocalDate())
                        .param("amount", amount)
                        .update()
                == 1;
    }

    /** Keeps the lines that carry a product code (what next best offer learns from). */
    void recordPurchaseLines(UUID purchaseId, UUID customerId, Instant occurredAt, List<PurchaseLine> lines) {
        if (lines == null) {
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            var line = lines.get(i);
            if (line == null
                    || line.sku() == null
                    || line.sku().isBlank()
                    || line.sku().length() > 128) {
                continue;
            }
            jdbc.sql("""
                    insert into purchase_line (purchase_id, line_no, customer_id, day, sku)
                    values (:id, :no, :customer, :day, :sku) on conflict do nothing""")
                    .param("id", purchaseId)
                    .param("no", i)
                    .param("customer", customerId)
                    .param("day", occurredAt.atZone(ZoneOffset.UTC).toLocalDate())
                    .param("sku", line.sku().strip())
                    .update();
        }
    }

    void recordInteraction(
            UUID interactionId,
            UUID customerId,
            Instant occurredAt,
            boolean purchaseIntent,
            boolean complaint,
            String type,
            String channel) {
        jdbc.sql("""
                insert into interaction_signal (interaction_id, customer_id, occurred_at, purchase_intent, complaint,
                                                type, channel)
                values (:id, :customer, :at, :intent, :complaint, :type, :channel) on conflict do nothing""")
                .param("id", interactionId)
                .param("customer", customerId)
                .param("at", Timestamp.from(occurredAt))
                .param("intent", purchaseIntent)
                .param("complaint", complaint)
                .param("type", type == null ? null : type.substring(0, Math.min(32, type.length())))
                .param("channel", channel == null ? null : channel.substring(0, Math.min(32, channel.length())))
                .update();
    }

    void recordFeedback(
            UUID signalId,
            UUID customerId,
            String kind,
            Instant occurredAt,
            Boolean detractor,
            UUID interactionId,
            String npsCategory,
            Integer score) {
        jdbc.sql("""
                insert into feedback_signal (signal_id, customer_id, kind, occurred_at, detractor, interaction_id,
                                             nps_category, score)
                values (:id, :customer, :kind, :at, :detractor, :interaction, :category, :score)
                on conflict do nothing""")
                .param("id", signalId)
                .param("customer", customerId)
                .param("kind", kind)
                .param("at", Timestamp.from(occurredAt))
                .param("detractor", detractor)
                .param("interaction", interactionId)
                .param("category", npsCategory == null ? null : npsCategory.toLowerCase(Locale.ROOT))
                .param("score", score)
                .update();
    }

    /** A complaint naming a product: open until resolved (a reopening opens it again). */
    void complaintProduct(UUID complaintId, UUID customerId, String productCode, boolean open) {
        if (open) {
            jdbc.sql("""
                    insert into complaint_product (complaint_id, customer_id, product_code, open)
                    values (:id, :customer, :product, true)
                    on conflict (complaint_id) do update set open = true, product_code = excluded.product_code""")
                    .param("id", complaintId)
                    .param("customer", customerId)
                    .param("product", productCode.strip())
                    .update();
        } else {
            jdbc.sql("update complaint_product set open = false where complaint_id = :id")
                    .param("id", complaintId)
                    .update();
        }
    }

    /** A daily fact for a KPI (once per source id). */
    void kpiFact(String kpi, UUID sourceId, UUID customerId, Instant at) {
        jdbc.sql("""
                insert into kpi_fact (kpi, source_id, customer_id, day) values (:kpi, :source, :customer, :day)
                on conflict do nothing""")
                .param("kpi", kpi)
                .param("source", sourceId)
                .param("customer", customerId)
                .param("day", at.atZone(ZoneOffset.UTC).toLocalDate())
                .update();
    }

    void upsertProfile(
            UUID id,
            String status,
            String type,
            String region,
            String industry,
            String ownerId,
            String teamId,
            List<String> tags,
            Instant createdAt,
            Instant updatedAt,
            String company,
            String jobTitle,
            Map<String, Object> properties) {
        jdbc.sql("""
                insert into customer_profile (customer_id, status, type, region, industry, owner_id, team_id, tags,
                                              created_at, updated_at, company, job_title, properties)
                values (:id, :status, :type, :region, :industry, :owner, :team, :tags, :created, :updated, :company,
                        :job, cast(:properties as jsonb))
                on conflict (customer_id) do update set status = excluded.status, type = excluded.type,
                    region = excluded.region, industry = excluded.industry, owner_id = excluded.owner_id,
                    team_id = excluded.team_id,
                    tags = excluded.tags, created_at = coalesce(customer_profile.created_at, excluded.created_at),
                    updated_at = excluded.updated_at, company = excluded.company, job_title = excluded.job_title,
                    properties = excluded.properties""")
                .param("id", id)
                .param("status", status)
                .param("type", type)
                .param("region", region)
                .param("industry", industry)
                .param("owner", ownerId)
                .param("team", truncate(teamId, 64))
                .param("company", truncate(company, 300))
                .param("job", truncate(jobTitle, 200))
                // a snapshot is the whole profile: without properties the customer has none
                .param("properties", JSON.writeValueAsString(properties == null ? Map.of() : properties))
                .param("tags", tags == null ? new String[0] : tags.toArray(String[]::new))
                .param("created", createdAt == null ? null : Timestamp.from(createdAt))
                .param("updated", Timestamp.from(updatedAt))
                .update();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    void setStatus(UUID id, String status) {
        jdbc.sql("""
                insert into customer_profile (customer_id, status, updated_at) values (:id, :status, now())
                on conflict (customer_id) do update set status = excluded.status, updated_at = now()""").param("id", id).param("status", status).update();
    }

    /** A customer's decision on a purpose; an older decision than the stored one changes nothing. */
    void setPurpose(UUID id, String purpose, String channel, String status, Instant changedAt) {
        jdbc.sql("""
                        insert into customer_purpose (customer_id, purpose, channel, status, changed_at)
                        values (:id, :purpose, :channel, :status, :changedAt)
                        on conflict (customer_id, purpose, channel) do update
                            set status = excluded.status, changed_at = excluded.changed_at
                            where customer_purpose.changed_at <= excluded.changed_at""")
                .param("id", id)
                .param("purpose", purpose)
                .param("channel", channel)
                .param("status", status)
                .param("changedAt", java.sql.Timestamp.from(changedAt))
                .update();
    }

    /** Moves purchases and interaction signals of the merged customers to the survivor, dropping their scores. */
    void rekey(List<UUID> merged, UUID survivor) {
        if (merged.isEmpty()) {
            return;
        }
        lock(survivor);
        merged.stream().sorted().forEach(this::lock);
        jdbc.sql("update purchase set customer_id = :survivor where customer_id in (:merged)")
                .param("survivor", survivor)
                .param("merged", merged)
                .update();
        jdbc.sql("update interaction_signal set customer_id = :survivor where customer_id in (:merged)")
                .param("survivor", survivor)
                .param("merged", merged)
                .update();
        jdbc.sql("update feedback_signal set customer_id = :survivor where customer_id in (:merged)")
                .param("survivor", survivor)
                .param("merged", merged)
                .update();
        for (String table : List.of(
                "purchase_line",
                "offer_decline",
                "complaint_product",
                "kpi_fact",
                "stage_transition",
                "loyalty_coupon")) {
            jdbc.sql("update " + table + " set customer_id = :survivor where customer_id in (:merged)")
                    .param("survivor", survivor)
                    .param("merged", merged)
                    .update();
        }
        // one competitor mark per customer: the survivor's own, else the newest of the merged
        jdbc.sql("""
                insert into winback_competitor_mark (customer_id, competitor, note, marked_by, marked_at, updated_at)
                select :survivor, competitor, note, marked_by, marked_at, updated_at from winback_competitor_mark
                where customer_id in (:merged) order by marked_at desc limit 1
                on conflict (customer_id) do nothing""").param("survivor", survivor).param("merged", merged).update();
        jdbc.sql("delete from winback_competitor_mark where customer_id in (:merged)")
                .param("merged", merged)
                .update();
        jdbc.sql("delete from prospect where customer_id in (:merged)")
                .param("merged", merged)
                .update();
        jdbc.sql("delete from customer_metrics where customer_id in (:merged)")
                .param("merged", merged)
                .update();
        jdbc.sql("delete from customer_value where customer_id in (:merged)")
                .param("merged", merged)
                .update();
        jdbc.sql("delete from segment_member where customer_id in (:merged)")
                .param("merged", merged)
                .update();
    }

    /**
     * Erasure: the profile's descriptive fields, interaction signals, metrics and scores go; the purchases stay as
     * anonymous aggregates under a fresh random id, so fitted populations do not change but nothing leads back.
     */
    void erase(UUID id) {
        lock(id);
        jdbc.sql("""
                update customer_profile set type = null, region = null, industry = null, owner_id = null,
                    tags = '{}', created_at = null, company = null, job_title = null, properties = '{}',
                    status = 'ERASED',
                    updated_at = now() where customer_id = :id""").param("id", id).update();
        jdbc.sql("delete from customer_purpose where customer_id = :id")
                .param("id", id)
                .update();
        UUID anonymous = UUID.randomUUID();
        jdbc.sql("update purchase set customer_id = :anon, anonymous = true where customer_id = :id")
                .param("anon", anonymous)
                .param("id", id)
                .update();
        // lines and stage moves stay only as anonymous aggregates (rules, KPI counts), under the same random id
        jdbc.sql("update purchase_line set customer_id = :anon where customer_id = :id")
                .param("anon", anonymous)
                .param("id", id)
                .update();
        jdbc.sql("update stage_transition set customer_id = :anon where customer_id = :id")
                .param("anon", anonymous)
                .param("id", id)
                .update();
        jdbc.sql("update loyalty_coupon set customer_id = :anon where customer_id = :id")
                .param("anon", anonymous)
                .param("id", id)
                .update();
        // a competitor mark stays a lapse the return rates learn from, without the agent's note about the person
        jdbc.sql("update winback_competitor_mark set customer_id = :anon, note = null where customer_id = :id")
                .param("anon", anonymous)
                .param("id", id)
                .update();
        jdbc.sql("update kpi_fact set customer_id = null where customer_id = :id")
                .param("id", id)
                .update();
        jdbc.sql("delete from offer_decline where customer_id = :id")
                .param("id", id)
                .update();
        jdbc.sql("delete from complaint_product where customer_id = :id")
                .param("id", id)
                .update();
        jdbc.sql("delete from prospect where customer_id = :id").param("id", id).update();
        jdbc.sql("delete from interaction_signal where customer_id = :id")
                .param("id", id)
                .update();
        jdbc.sql("delete from feedback_signal where customer_id = :id")
                .param("id", id)
                .update();
        jdbc.sql("delete from customer_metrics where customer_id = :id")
                .param("id", id)
                .update();
        jdbc.sql("delete from customer_value where customer_id = :id")
                .param("id", id)
                .update();
        jdbc.sql("delete from segment_member where customer_id = :id")
                .param("id", id)
                .update();
    }

    /**
     * Recomputes one customer's metrics from the ledger; {@code recentDays} is the window of the recent counts.
     * Events of one customer arrive on several topics (listeners run concurrently): a transaction-scoped advisory
     * lock per customer serialises the recomputes, so the last writer always read everything committed before it.
     */
    public void recompute(UUID id, int recentDays) {
        lock(id);
        jdbc.sql("""
                with days as (
                    select day, sum(amount) as amount from purchase where customer_id = :id
                    group by day having bool_or(kind = 'PURCHASE')),
                ranked as (select day, amount, row_number() over (order by day) as rn from days),
                signals as (
                    select count(*) as interactions, count(*) filter (where purchase_intent) as intents,
                           count(*) filter (where complaint)
                           + (select count(*) from feedback_signal f
                              where f.customer_id = :id and f.kind = 'COMPLAINT'
                                and f.occurred_at >= now() - make_interval(days => :recent)
                                and (f.interaction_id is null or not exists (
                                    select 1 from interaction_signal i where i.interaction_id = f.interaction_id
                                      and i.complaint))) as complaints,
                           (select f.detractor from feedback_signal f
                            where f.customer_id = :id and f.kind = 'NPS'
                              and f.occurred_at >= now() - make_interval(days => :recent)
                            order by f.occurred_at desc limit 1) as detractor
                    from interaction_signal
                    where customer_id = :id and occurred_at >= now() - make_interval(days => :recent))
                insert into customer_metrics (customer_id, first_purchase_at, last_purchase_at, purchase_days,
                    repeat_purchase_days, total_spend, mean_spend, repeat_mean_spend, recent_interactions,
                    recent_purchase_intents, recent_complaints, detractor, updated_at)
                select :id, min(r.day), max(r.day), count(r.day), greatest(count(r.day) - 1, 0),
                       coalesce((select sum(amount) from purchase where customer_id = :id), 0),
                       avg(r.amount), avg(r.amount) filter (where r.rn > 1),
                       s.interactions, s.intents, s.complaints, s.detractor, now()
                from signals s left join ranked r on true
                group by s.interactions, s.intents, s.complaints, s.detractor
                on conflict (customer_id) do update set first_purchase_at = excluded.first_purchase_at,
                    last_purchase_at = excluded.last_purchase_at, purchase_days = excluded.purchase_days,
                    repeat_purchase_days = excluded.repeat_purchase_days, total_spend = excluded.total_spend,
                    mean_spend = excluded.mean_spend, repeat_mean_spend = excluded.repeat_mean_spend,
                    recent_interactions = excluded.recent_interactions,
                    recent_purchase_intents = excluded.recent_purchase_intents,
                    recent_complaints = excluded.recent_complaints, detractor = excluded.detractor,
                    updated_at = excluded.updated_at""").param("id", id).param("recent", recentDays).update();
    }

    /** Holds a per-customer advisory lock until the end of the current transaction. */
    void lock(UUID id) {
        jdbc.sql("select pg_advisory_xact_lock(:key)")
                .param("key", id.getMostSignificantBits() ^ id.getLeastSignificantBits())
                .query()
                .singleRow();
    }

    public Optional<CustomerMetrics> find(UUID id) {
        return jdbc.sql("select * from customer_metrics where customer_id = :id")
                .param("id", id)
                .query((rs, n) -> new CustomerMetrics(
                        id,
                        rs.getObject("first_purchase_at", LocalDate.class),
                        rs.getObject("last_purchase_at", LocalDate.class),
                        rs.getInt("purchase_days"),
                        rs.getInt("repeat_purchase_days"),
                        rs.getBigDecimal("total_spend"),
                        rs.getBigDecimal("mean_spend"),
                        rs.getBigDecimal("repeat_mean_spend"),
                        rs.getInt("recent_interactions"),
                        rs.getInt("recent_purchase_intents"),
                        rs.getInt("recent_complaints"),
                        rs.getObject("detractor", Boolean.class)))
                .optional();
    }

    public Optional<String> status(UUID id) {
        return jdbc.sql("select status from customer_profile where customer_id = :id")
                .param("id", id)
                .query(String.class)
                .optional();
    }
}
