package com.crm.segmentation.metrics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** The per-customer ledger (purchases, interaction signals, profile) and the metrics derived from it. */
@Repository
public class MetricsRepository {

    private final JdbcClient jdbc;

    MetricsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        recomputeAll(List.of(id), recentDays);
    }

    /**
     * Recomputes the metrics of every listed customer from the ledger in one statement (a consumer batch's
     * customers); the caller holds their locks ({@link #lockAll}). Customers without purchases or signals get a row
     * of zeros, as one at a time.
     */
    public void recomputeAll(Collection<UUID> ids, int recentDays) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("""
                with ids as (select distinct cast(id as uuid) as customer_id from unnest(:ids) as t(id)),
                days as (
                    select p.customer_id, p.day, sum(p.amount) as amount
                    from purchase p join ids using (customer_id)
                    group by p.customer_id, p.day having bool_or(p.kind = 'PURCHASE')),
                ranked as (
                    select customer_id, day, amount,
                           row_number() over (partition by customer_id order by day) as rn
                    from days),
                bought as (
                    select customer_id, min(day) as first_day, max(day) as last_day, count(day) as purchase_days,
                           avg(amount) as mean, avg(amount) filter (where rn > 1) as repeat_mean,
                           sum(amount) as day_spend
                    from ranked group by customer_id),
                spend as (
                    select p.customer_id, sum(p.amount) as total, max(p.day) as ledger_last_day
                    from purchase p join ids using (customer_id) group by p.customer_id),
                signals as (
                    select s.customer_id, count(*) as interactions, count(*) filter (where s.purchase_intent) as intents,
                           count(*) filter (where s.complaint) as complaints
                    from interaction_signal s join ids using (customer_id)
                    where s.occurred_at >= now() - make_interval(days => :recent)
                    group by s.customer_id),
                feedback_complaints as (
                    select f.customer_id, count(*) as complaints
                    from feedback_signal f join ids using (customer_id)
                    where f.kind = 'COMPLAINT' and f.occurred_at >= now() - make_interval(days => :recent)
                      and (f.interaction_id is null or not exists (
                          select 1 from interaction_signal i where i.interaction_id = f.interaction_id
                            and i.complaint))
                    group by f.customer_id),
                latest_nps as (
                    select distinct on (f.customer_id) f.customer_id, f.detractor
                    from feedback_signal f join ids using (customer_id)
                    where f.kind = 'NPS' and f.occurred_at >= now() - make_interval(days => :recent)
                    order by f.customer_id, f.occurred_at desc)
                insert into customer_metrics (customer_id, first_purchase_at, last_purchase_at, purchase_days,
                    repeat_purchase_days, total_spend, mean_spend, repeat_mean_spend, recent_interactions,
                    recent_purchase_intents, recent_complaints, detractor, purchase_day_spend, ledger_last_day,
                    updated_at)
                select i.customer_id, b.first_day, b.last_day, coalesce(b.purchase_days, 0),
                       greatest(coalesce(b.purchase_days, 0) - 1, 0), coalesce(sp.total, 0), b.mean, b.repeat_mean,
                       coalesce(s.interactions, 0), coalesce(s.intents, 0),
                       coalesce(s.complaints, 0) + coalesce(fc.complaints, 0), n.detractor, coalesce(b.day_spend, 0),
                       sp.ledger_last_day, now()
                from ids i
                left join bought b using (customer_id)
                left join spend sp using (customer_id)
                left join signals s using (customer_id)
                left join feedback_complaints fc using (customer_id)
                left join latest_nps n using (customer_id)
                on conflict (customer_id) do update set first_purchase_at = excluded.first_purchase_at,
                    last_purchase_at = excluded.last_purchase_at, purchase_days = excluded.purchase_days,
                    repeat_purchase_days = excluded.repeat_purchase_days, total_spend = excluded.total_spend,
                    mean_spend = excluded.mean_spend, repeat_mean_spend = excluded.repeat_mean_spend,
                    recent_interactions = excluded.recent_interactions,
                    recent_purchase_intents = excluded.recent_purchase_intents,
                    recent_complaints = excluded.recent_complaints, detractor = excluded.detractor,
                    purchase_day_spend = excluded.purchase_day_spend, ledger_last_day = excluded.ledger_last_day,
                    updated_at = excluded.updated_at""").param("ids", uuids(ids)).param("recent", recentDays).update();
    }

    /** Holds a per-customer advisory lock until the end of the current transaction. */
    void lock(UUID id) {
        lockAll(List.of(id));
    }

    /**
     * Holds the advisory locks of every listed customer until the end of the current transaction, taken in one
     * statement in ascending key order: two batches sharing customers wait for each other instead of deadlocking.
     */
    void lockAll(Collection<UUID> ids) {
        long[] keys = ids.stream()
                .mapToLong(MetricsRepository::lockKey)
                .distinct()
                .sorted()
                .toArray();
        if (keys.length == 0) {
            return;
        }
        Object[] boxed = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            boxed[i] = Long.toString(keys[i]);
        }
        jdbc.sql("""
                select count(*) from (
                    select pg_advisory_xact_lock(cast(k as bigint)) from unnest(:keys) with ordinality as t(k, o)
                    order by o) l""")
                .param("keys", new SqlArrayValue("text", boxed))
                .query(Long.class)
                .single();
    }

    private static long lockKey(UUID id) {
        return id.getMostSignificantBits() ^ id.getLeastSignificantBits();
    }

    /** The stored metrics of the listed customers that have some. */
    public Map<UUID, CustomerMetrics> findAll(Collection<UUID> ids) {
        Map<UUID, CustomerMetrics> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.sql("select * from customer_metrics where customer_id = any(cast(:ids as uuid[]))")
                .param("ids", uuids(ids))
                .query((rs, n) -> metrics(rs.getObject("customer_id", UUID.class), rs))
                .list()
                .forEach(m -> found.put(m.customerId(), m));
        return found;
    }

    /** The profile status ({@code ACTIVE}, {@code DELETED}, ...) of the listed customers this service has a profile of. */
    public Map<UUID, String> statuses(Collection<UUID> ids) {
        Map<UUID, String> statuses = new HashMap<>();
        if (ids.isEmpty()) {
            return statuses;
        }
        jdbc.sql("select customer_id, status from customer_profile where customer_id = any(cast(:ids as uuid[]))")
                .param("ids", uuids(ids))
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .list()
                .forEach(e -> statuses.put(e.getKey(), e.getValue()));
        return statuses;
    }

    private static SqlArrayValue uuids(Collection<UUID> ids) {
        return new SqlArrayValue("text", ids.stream().map(UUID::toString).toArray());
    }

    public Optional<CustomerMetrics> find(UUID id) {
        return jdbc.sql("select * from customer_metrics where customer_id = :id")
                .param("id", id)
                .query((rs, n) -> metrics(id, rs))
                .optional();
    }

    private static CustomerMetrics metrics(UUID id, ResultSet rs) throws SQLException {
        return new CustomerMetrics(
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
                rs.getObject("detractor", Boolean.class));
    }

    public Optional<String> status(UUID id) {
        return jdbc.sql("select status from customer_profile where customer_id = :id")
                .param("id", id)
                .query(String.class)
                .optional();
    }
}
