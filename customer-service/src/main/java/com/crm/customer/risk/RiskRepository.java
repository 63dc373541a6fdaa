package com.crm.customer.risk;

import com.crm.customer.profile.MergeChain;
import com.crm.customer.risk.model.RiskFacts;
import com.crm.customer.risk.model.RiskModel;
import com.crm.customer.risk.model.SignalKind;
import com.crm.support.access.SqlCondition;
import com.crm.support.json.StoredJson;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Risk facts from the customer data, scores, dirty marks, reviews and runs ({@code risk_*} tables). */
@Repository
class RiskRepository {

    /** A stored signal, as the API shows it. */
    record StoredSignal(String kind, double strength, double weight, double contribution, String reason) {}

    record Review(
            UUID id,
            UUID customerId,
            String displayName,
            String status,
            BigDecimal score,
            List<StoredSignal> signals,
            Map<String, Integer> evidence,
            String fingerprint,
            Instant openedAt,
            Instant updatedAt,
            Instant decidedAt,
            String decidedBy,
            String note) {}

    /** Raw purchase aggregates of one customer before the model reads them. */
    private record Ledger(
            long purchases,
            double purchaseAmount,
            long refunds,
            double refundAmount,
            long recentRefunds,
            long burstPurchases,
            long baselinePurchases,
            double baselineDays) {
        static final Ledger NONE = new Ledger(0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** The windows facts are counted over, ending at {@code now}. */
    record Windows(
            Instant now,
            Duration lookBack,
            Duration velocity,
            Duration burst,
            Duration baseline,
            Duration compensation) {}

    /** A shared identifier as found, before masking. */
    record SharedValue(UUID customerId, SignalKind kind, String value, int others) {}

    private static final String REVIEW = """
            select r.id, r.customer_id, c.display_name, r.status, r.score, r.signals, r.evidence, r.fingerprint,
                   r.opened_at, r.updated_at, r.decided_at, r.decided_by, r.note
            from risk_review r join customer c on c.id = r.customer_id""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final JsonMapper json;

    RiskRepository(JdbcClient jdbc, NamedParameterJdbcTemplate batch, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = storedJson.mapper();
    }

    // ---- dirty marks -------------------------------------------------------------------------------------------

    void markDirty(Collection<UUID> customers, Instant at) {
        if (customers.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into risk_dirty (customer_id, marked_at)
                        select id, :at from customer where id in (:ids) and deleted_at is null""").param("ids", customers).param("at", Timestamp.from(at)).update();
    }

    /**
     * Marks the customers and the live profiles sharing a phone, an e-mail or an address with them: a change to one
     * profile changes the size of its clusters, so the score of each member. Set-based (one overlap probe of each GIN
     * index for all the customers' keys, as a batch sync saves thousands at once) and bounded: at most
     * {@code peerLimit} marks per customer, so a placeholder value held by thousands (a shop's own phone) cannot
     * make one save mark the whole table. Marks are appended (no unique key), so marking never waits on another
     * transaction, the sweep's included. Profiles without an address skip {@code risk_address_keys} (a SQL
     * function executed row by row, most of this statement's time for an import chunk of new profiles): no keys.
     */
    void markDirtyWithPeers(Collection<UUID> customers, Instant at, int peerLimit) {
        if (customers.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        with me as (select id, phone_keys, email_keys,
                                      case when addresses = '[]' then '{}' else risk_address_keys(addresses) end
                                        as address_keys
                                    from customer where id = any(:ids) and deleted_at is null),
                        phones as (select coalesce(array_agg(distinct k), '{}') as keys from me, unnest(me.phone_keys) k),
                        emails as (select coalesce(array_agg(distinct k), '{}') as keys from me, unnest(me.email_keys) k),
                        places as (select coalesce(array_agg(distinct k), '{}') as keys
                                   from me, unnest(me.address_keys) k),
                        peers as (
                            select id from me
                            union (select c.id from customer c, phones where c.deleted_at is null
                                   and c.phone_keys && phones.keys limit :limit)
                            union (select c.id from customer c, emails where c.deleted_at is null
                                   and c.email_keys && emails.keys limit :limit)
                            union (select c.id from customer c, places where c.deleted_at is null
                                   and risk_address_keys(c.addresses) && places.keys limit :limit))
                        insert into risk_dirty (customer_id, marked_at) select id, :at from peers""")
                .param("ids", customers.toArray(UUID[]::new))
                .param("at", Timestamp.from(at))
                .param("limit", (long) peerLimit * customers.size())
                .update();
    }

    /** Marks every live customer; returns how many. */
    long markAllLive(Instant at) {
        return jdbc.sql("""
                        insert into risk_dirty (customer_id, marked_at)
                        select id, :at from customer where deleted_at is null""").param("at", Timestamp.from(at)).update();
    }

    /**
     * Takes marked customers off the queue, oldest mark first, with every mark of theirs this transaction can see (a
     * customer may be marked several times); marks another worker holds are skipped. The customers' rows are locked
     * here, before anything is scored, and customers an open write holds are skipped (left marked for the next
     * sweep): a profile update, a merge or an erasure locks its customer and then marks it and its peers, and a sweep
     * that waited on the customer row (the foreign key's share lock when writing a score) deadlocked with it. Never
     * waiting on a customer row nor on a mark, the sweep cannot close such a cycle; marking never waits on the sweep
     * (marks are appended). Foreign-key checks (purchases) are not blocked by it.
     *
     * @return the customers taken, each once
     */
    List<UUID> takeDirty(int limit) {
        return jdbc.sql("""
                        with picked as (
                            select customer_id from risk_dirty order by marked_at limit :limit
                            for update skip locked),
                        held as (
                            select c.id from customer c where c.id in (select customer_id from picked)
                            for no key update of c skip locked),
                        taken as (
                            select d.ctid as row_id from risk_dirty d
                            where d.customer_id in (select customer_id from picked)
                              and (d.customer_id in (select id from held)
                                   or not exists (select 1 from customer c where c.id = d.customer_id))
                            for update of d skip locked),
                        gone as (
                            delete from risk_dirty d using taken where d.ctid = taken.row_id
                            returning d.customer_id)
                        select distinct customer_id from gone""").param("limit", limit).query(UUID.class).list();
    }

    // ---- facts -------------------------------------------------------------------------------------------------

    /** The live customers among {@code ids}. */
    List<UUID> live(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select id from customer where id in (:ids) and deleted_at is null")
                .param("ids", ids)
                .query(UUID.class)
                .list();
    }

    /**
     * Purchase aggregates of each customer over the look-back window, one grouped scan of
     * {@code purchase_customer_idx} for the whole batch; customers without purchases are absent.
     */
    private Map<UUID, Ledger> ledgers(Collection<UUID> ids, Windows w) {
        Instant burstStart = w.now().minus(w.burst());
        Map<UUID, Ledger> out = new HashMap<>();
        jdbc.sql("""
                        select customer_id,
                               count(*) filter (where type = 'PURCHASE') as purchases,
                               coalesce(sum(amount) filter (where type = 'PURCHASE'), 0) as purchase_amount,
                               count(*) filter (where type = 'REFUND') as refunds,
                               coalesce(-sum(amount) filter (where type = 'REFUND'), 0) as refund_amount,
                               count(*) filter (where type = 'REFUND' and occurred_at >= :velocityStart)
                                   as recent_refunds,
                               count(*) filter (where type = 'PURCHASE' and occurred_at >= :burstStart)
                                   as burst_purchases,
                               count(*) filter (where type = 'PURCHASE' and occurred_at >= :baselineStart
                                                  and occurred_at < :burstStart) as baseline_purchases,
                               greatest(0, extract(epoch from (cast(:burstStart as timestamptz) - greatest(
                                   min(occurred_at), cast(:baselineStart as timestamptz)))) / 86400)
                                   as baseline_days
                        from purchase
                        where customer_id in (:ids) and occurred_at >= :windowStart and occurred_at <= :now
                        group by customer_id""")
                .param("ids", ids)
                .param("now", Timestamp.from(w.now()))
                .param("windowStart", Timestamp.from(w.now().minus(w.lookBack())))
                .param("velocityStart", Timestamp.from(w.now().minus(w.velocity())))
                .param("burstStart", Timestamp.from(burstStart))
                .param("baselineStart", Timestamp.from(burstStart.minus(w.baseline())))
                .query((rs, row) -> out.put(
                        rs.getObject("customer_id", UUID.class),
                        new Ledger(
                                rs.getLong("purchases"),
                                rs.getDouble("purchase_amount"),
                                rs.getLong("refunds"),
                                rs.getDouble("refund_amount"),
                                rs.getLong("recent_refunds"),
                                rs.getLong("burst_purchases"),
                                rs.getLong("baseline_purchases"),
                                rs.getDouble("baseline_days"))))
                .list();
        return out;
    }

    /**
     * Complaints (customer-service's projection of crm.feedback.v1) that a refund followed within the compensation
     * window: the feedback events carry no compensation, so a refund soon after a complaint stands for one.
     */
    private Map<UUID, Long> complaintRefunds(Collection<UUID> ids, Windows w) {
        Map<UUID, Long> out = new HashMap<>();
        jdbc.sql("""
                        select pc.customer_id, count(*) as n from projected_complaint pc
                        where pc.customer_id in (:ids) and pc.opened_at >= :windowStart
                          and exists (select 1 from purchase r where r.customer_id = pc.customer_id
                                      and r.type = 'REFUND' and r.occurred_at >= pc.opened_at
                                      and r.occurred_at < pc.opened_at + cast(:compensation as interval))
                        group by pc.customer_id""")
                .param("ids", ids)
                .param("windowStart", Timestamp.from(w.now().minus(w.lookBack())))
                .param("compensation", w.compensation().toSeconds() + " seconds")
                .query((rs, row) -> out.put(rs.getObject("customer_id", UUID.class), rs.getLong("n")))
                .list();
        return out;
    }

    /**
     * Loyalty facts of each customer over the look-back window: refunds that left a points debt, and coupon campaigns
     * that linked profiles redeemed too. Linked profiles are found as the clusters are (the GIN indexes on phone,
     * e-mail and address keys and on custom properties, at most {@code countLimit} per identifier kind), then probed
     * for the same campaign by {@code risk_loyalty_fact_customer_idx}: the cost does not grow with a campaign's size.
     */
    private Map<UUID, RiskFacts.Loyalty> loyalty(
            Collection<UUID> ids, Windows w, String deviceProperty, int countLimit) {
        Timestamp windowStart = Timestamp.from(w.now().minus(w.lookBack()));
        Map<UUID, long[]> debts = new HashMap<>();
        jdbc.sql("""
                        select customer_id, count(*) as refunds, sum(points) as points from risk_loyalty_fact
                        where customer_id in (:ids) and kind = 'POINTS_DEBT' and occurred_at >= :windowStart
                        group by customer_id""")
                .param("ids", ids)
                .param("windowStart", windowStart)
                .query((rs, row) -> debts.put(
                        rs.getObject("customer_id", UUID.class),
                        new long[] {rs.getLong("refunds"), rs.getLong("points")}))
                .list();
        Map<UUID, List<RiskFacts.CouponRing>> rings = new HashMap<>();
        // The batch's own redemptions first, on their own: most batches have none (a bulk import's new customers), and
        // then the linked profiles are not looked up at all. As one statement, its generic plan (a prepared statement
        // run many times) built the linked profiles of the whole batch before finding that nobody redeemed anything:
        // 20 s per sweep batch, holding the scheduler's thread and every task behind it.
        List<UUID> mineIds = new ArrayList<>();
        List<String> mineCampaigns = new ArrayList<>();
        jdbc.sql("""
                        select distinct customer_id, campaign from risk_loyalty_fact
                        where customer_id in (:ids) and kind = 'COUPON_REDEEMED' and campaign is not null
                          and occurred_at >= :windowStart""")
                .param("ids", ids)
                .param("windowStart", windowStart)
                .query((rs, row) -> {
                    mineIds.add(rs.getObject("customer_id", UUID.class));
                    mineCampaigns.add(rs.getString("campaign"));
                    return null;
                })
                .list();
        if (!mineIds.isEmpty()) {
            jdbc.sql("""
                            with mine as (
                                select m.id, m.campaign
                                from unnest(cast(:mineIds as uuid[]), cast(:mineCampaigns as text[])) as m(id, campaign)),
                            batch as (
                                select c.id, c.phone_keys, c.email_keys, risk_address_keys(c.addresses) as address_keys,
                                       nullif(c.properties ->> :device, '') as device
                                from customer c where c.id in (select id from mine) and c.deleted_at is null),
                            linked as (
                                select b.id, o.id as other from batch b cross join lateral (
                                    (select o.id from customer o where o.deleted_at is null and o.id <> b.id
                                       and o.phone_keys && b.phone_keys limit :cap)
                                    union (select o.id from customer o where o.deleted_at is null and o.id <> b.id
                                       and o.email_keys && b.email_keys limit :cap)
                                    union (select o.id from customer o where o.deleted_at is null and o.id <> b.id
                                       and risk_address_keys(o.addresses) && b.address_keys limit :cap)
                                    union (select o.id from customer o where o.deleted_at is null and o.id <> b.id
                                       and b.device is not null and o.properties @> jsonb_build_object(:device, b.device)
                                       limit :cap)) o)
                            select m.id, m.campaign, count(distinct l.other) as others
                            from mine m join linked l on l.id = m.id
                            where exists (select 1 from risk_loyalty_fact g where g.customer_id = l.other
                                            and g.kind = 'COUPON_REDEEMED' and g.campaign = m.campaign
                                            and g.occurred_at >= :windowStart)
                            group by m.id, m.campaign""")
                    .param("mineIds", mineIds.toArray(UUID[]::new))
                    .param("mineCampaigns", mineCampaigns.toArray(String[]::new))
                    .param("windowStart", windowStart)
                    .param("device", deviceProperty)
                    .param("cap", countLimit)
                    .query((rs, row) -> rings.computeIfAbsent(rs.getObject("id", UUID.class), k -> new ArrayList<>())
                            .add(new RiskFacts.CouponRing(rs.getString("campaign"), rs.getInt("others"))))
                    .list();
        }
        Map<UUID, RiskFacts.Loyalty> out = new HashMap<>();
        for (UUID id : ids) {
            long[] debt = debts.get(id);
            List<RiskFacts.CouponRing> ring = rings.get(id);
            if (debt != null || ring != null) {
                out.put(
                        id,
                        new RiskFacts.Loyalty(
                                debt == null ? 0 : debt[0],
                                debt == null ? 0 : debt[1],
                                ring == null ? List.of() : ring));
            }
        }
        return out;
    }

    /**
     * The live customer a loyalty event's customer id stands for now: itself, or the survivor it was merged into;
     * empty for a deleted or erased customer (nothing to score) and for an id this service does not know.
     */
    Optional<UUID> liveTarget(UUID customerId) {
        return MergeChain.follow(
                        customerId,
                        id -> jdbc.sql("select status, merged_into from customer where id = :id")
                                .param("id", id)
                                .query((rs, n) -> new Lifecycle(rs.getString(1), rs.getObject(2, UUID.class)))
                                .optional(),
                        row -> "MERGED".equals(row.status()),
                        Lifecycle::mergedInto)
                .filter(end ->
                        end.found() != null && "ACTIVE".equals(end.found().status()))
                .map(MergeChain.End::id);
    }

    private record Lifecycle(String status, UUID mergedInto) {}

    /** A loyalty fact of a customer, once per loyalty event (its id); answers whether it was new. */
    boolean addLoyaltyFact(UUID eventId, UUID customerId, String kind, String campaign, long points, Instant at) {
        return jdbc.sql("""
                        insert into risk_loyalty_fact (event_id, customer_id, kind, campaign, points, occurred_at)
                        values (:event, :customer, :kind, :campaign, :points, :at) on conflict (event_id) do nothing""")
                        .param("event", eventId)
                        .param("customer", customerId)
                        .param("kind", kind)
                        .param("campaign", campaign)
                        .param("points", points)
                        .param("at", Timestamp.from(at))
                        .update()
                > 0;
    }

    /**
     * The identifiers of each customer that other live profiles hold too, with how many (counted up to
     * {@code countLimit}): one indexed lookup per identifier (the GIN indexes on phone keys, e-mail keys, address keys
     * and custom properties), so a batch costs the same whatever the size of the customer table.
     */
    List<SharedValue> shared(Collection<UUID> ids, String deviceProperty, int countLimit) {
        return jdbc.sql("""
                        with batch as (
                            select id, phone_keys, email_keys, risk_address_keys(addresses) as address_keys,
                                   nullif(properties ->> :device, '') as device
                            from customer where id in (:ids) and deleted_at is null),
                        found as (
                            select b.id, 'SHARED_PHONE' as kind, k as value,
                                   (select count(*) from (select 1 from customer o where o.deleted_at is null
                                        and o.id <> b.id and o.phone_keys @> array[k] limit :cap) x) as others
                            from batch b cross join unnest(b.phone_keys) k
                            union all
                            select b.id, 'SHARED_EMAIL', k,
                                   (select count(*) from (select 1 from customer o where o.deleted_at is null
                                        and o.id <> b.id and o.email_keys @> array[k] limit :cap) x)
                            from batch b cross join unnest(b.email_keys) k
                            union all
                            select b.id, 'SHARED_ADDRESS', k,
                                   (select count(*) from (select 1 from customer o where o.deleted_at is null
                                        and o.id <> b.id and risk_address_keys(o.addresses) @> array[k]
                                        limit :cap) x)
                            from batch b cross join unnest(b.address_keys) k
                            union all
                            select b.id, 'SHARED_DEVICE', b.device,
                                   (select count(*) from (select 1 from customer o where o.deleted_at is null
                                        and o.id <> b.id and o.properties @> jsonb_build_object(:device, b.device)
                                        limit :cap) x)
                            from batch b where b.device is not null)
                        select id, kind, value, others from found where others > 0""")
                .param("ids", ids)
                .param("device", deviceProperty)
                .param("cap", countLimit)
                .query((rs, row) -> new SharedValue(
                        rs.getObject("id", UUID.class),
                        SignalKind.valueOf(rs.getString("kind")),
                        rs.getString("value"),
                        rs.getInt("others")))
                .list();
    }

    /** The facts of each live customer of {@code ids}; shared identifiers come masked by {@code mask}. */
    Map<UUID, RiskFacts> facts(
            Collection<UUID> ids,
            Windows windows,
            String deviceProperty,
            int countLimit,
            Function<SharedValue, RiskFacts.Shared> mask) {
        List<UUID> live = live(ids);
        if (live.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Ledger> ledgers = ledgers(live, windows);
        Map<UUID, Long> complaints = complaintRefunds(live, windows);
        Map<UUID, RiskFacts.Loyalty> loyalty = loyalty(live, windows, deviceProperty, countLimit);
        Map<UUID, List<RiskFacts.Shared>> shared = new HashMap<>();
        for (SharedValue value : shared(live, deviceProperty, countLimit)) {
            shared.computeIfAbsent(value.customerId(), k -> new ArrayList<>()).add(mask.apply(value));
        }
        Map<UUID, RiskFacts> out = new HashMap<>();
        for (UUID id : live) {
            Ledger l = ledgers.getOrDefault(id, Ledger.NONE);
            out.put(
                    id,
                    new RiskFacts(
                            l.purchases(),
                            l.purchaseAmount(),
                            l.refunds(),
                            l.refundAmount(),
                            l.recentRefunds(),
                            l.burstPurchases(),
                            l.baselinePurchases(),
                            l.baselineDays(),
                            complaints.getOrDefault(id, 0L),
                            shared.getOrDefault(id, List.of()),
                            loyalty.getOrDefault(id, RiskFacts.Loyalty.NONE)));
        }
        return out;
    }

    // ---- scores ------------------------------------------------------------------------------------------------

    void saveScores(Map<UUID, RiskModel.Assessment> scores, Instant at) {
        if (scores.isEmpty()) {
            return;
        }
        MapSqlParameterSource[] rows = scores.entrySet().stream()
                .map(e -> new MapSqlParameterSource()
                        .addValue("id", e.getKey())
                        .addValue("score", BigDecimal.valueOf(e.getValue().score()))
                        .addValue("signals", signalsJson(e.getValue()))
                        .addValue(
                                "evidence", json.writeValueAsString(e.getValue().evidence()))
                        .addValue("fingerprint", e.getValue().fingerprint())
                        .addValue("at", Timestamp.from(at)))
                .toArray(MapSqlParameterSource[]::new);
        batch.batchUpdate("""
                insert into risk_score (customer_id, score, signals, evidence, fingerprint, computed_at)
                values (:id, :score, cast(:signals as jsonb), cast(:evidence as jsonb), :fingerprint, :at)
                on conflict (customer_id) do update set score = excluded.score, signals = excluded.signals,
                    evidence = excluded.evidence, fingerprint = excluded.fingerprint,
                    computed_at = excluded.computed_at""", rows);
    }

    void deleteScores(Collection<UUID> customers) {
        if (!customers.isEmpty()) {
            jdbc.sql("delete from risk_score where customer_id in (:ids)")
                    .param("ids", customers)
                    .update();
        }
    }

    String signalsJson(RiskModel.Assessment a) {
        return json.writeValueAsString(a.signals().stream()
                .map(s -> new StoredSignal(s.kind().name(), s.strength(), s.weight(), s.contribution(), s.reason()))
                .toList());
    }

    // ---- reviews -----------------------------------------------------------------------------------------------

    /** The open review of each customer of {@code ids} that has one. */
    Map<UUID, Review> openReviews(Collection<UUID> ids) {
        Map<UUID, Review> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.sql(REVIEW + " where r.customer_id in (:ids) and r.status = 'OPEN'")
                .param("ids", ids)
                .query(this::review)
                .list()
                .forEach(r -> out.put(r.customerId(), r));
        return out;
    }

    /** The latest decided review of each customer of {@code ids} that has one. */
    Map<UUID, Review> latestDecided(Collection<UUID> ids) {
        Map<UUID, Review> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        select distinct on (r.customer_id) r.id, r.customer_id, c.display_name, r.status, r.score,
                               r.signals, r.evidence, r.fingerprint, r.opened_at, r.updated_at, r.decided_at,
                               r.decided_by, r.note
                        from risk_review r join customer c on c.id = r.customer_id
                        where r.customer_id in (:ids) and r.status <> 'OPEN'
                        order by r.customer_id, r.decided_at desc""").param("ids", ids).query(this::review).list().forEach(r -> out.put(r.customerId(), r));
        return out;
    }

    /** Opens reviews; a customer who got an open review meanwhile (another replica) keeps that one. */
    void openAll(Map<UUID, RiskModel.Assessment> toOpen, Instant at) {
        if (toOpen.isEmpty()) {
            return;
        }
        batch.batchUpdate("""
                insert into risk_review (id, customer_id, status, score, signals, evidence, fingerprint, opened_at,
                                         updated_at)
                values (:id, :customer, 'OPEN', :score, cast(:signals as jsonb), cast(:evidence as jsonb),
                        :fingerprint, :at, :at)
                on conflict (customer_id) where status = 'OPEN' do nothing""", reviewRows(toOpen, at));
    }

    /** Brings open reviews up to the latest score and evidence. */
    void refreshOpen(Map<UUID, RiskModel.Assessment> open, Instant at) {
        if (open.isEmpty()) {
            return;
        }
        batch.batchUpdate("""
                update risk_review set score = :score, signals = cast(:signals as jsonb),
                    evidence = cast(:evidence as jsonb), fingerprint = :fingerprint, updated_at = :at
                where customer_id = :customer and status = 'OPEN'""", reviewRows(open, at));
    }

    private MapSqlParameterSource[] reviewRows(Map<UUID, RiskModel.Assessment> byCustomer, Instant at) {
        return byCustomer.entrySet().stream()
                .map(e -> new MapSqlParameterSource()
                        .addValue("id", UUID.randomUUID())
                        .addValue("customer", e.getKey())
                        .addValue("score", BigDecimal.valueOf(e.getValue().score()))
                        .addValue("signals", signalsJson(e.getValue()))
                        .addValue(
                                "evidence", json.writeValueAsString(e.getValue().evidence()))
                        .addValue("fingerprint", e.getValue().fingerprint())
                        .addValue("at", Timestamp.from(at)))
                .toArray(MapSqlParameterSource[]::new);
    }

    Optional<Review> review(UUID id, SqlCondition visible) {
        return jdbc.sql(REVIEW + " where r.id = :id and " + visible.clause())
                .param("id", id)
                .params(visible.params())
                .query(this::review)
                .optional();
    }

    /** Locks the review row for a decision. */
    Optional<String> lockStatus(UUID id) {
        return jdbc.sql("select status from risk_review where id = :id for update")
                .param("id", id)
                .query(String.class)
                .optional();
    }

    void decide(UUID id, String status, String actorId, String actorKind, String note, Instant at) {
        jdbc.sql("""
                        update risk_review set status = :status, decided_at = :at, decided_by = :actor,
                            decided_kind = :kind, note = :note, updated_at = :at
                        where id = :id""")
                .param("id", id)
                .param("status", status)
                .param("actor", actorId)
                .param("kind", actorKind)
                .param("note", note)
                .param("at", Timestamp.from(at))
                .update();
    }

    /**
     * Reviews of {@code status} within the caller's visibility, highest score first (ties by id), after the cursor's
     * (score, id) when given.
     */
    List<Review> queue(String status, SqlCondition visible, BigDecimal afterScore, UUID afterId, int limit) {
        var statement = jdbc.sql(REVIEW + " where r.status = :status and " + visible.clause()
                        + (afterScore == null ? "" : " and (r.score, r.id) < (:afterScore, :afterId)")
                        + " order by r.score desc, r.id desc limit :limit")
                .param("status", status)
                .param("limit", limit)
                .params(visible.params());
        if (afterScore != null) {
            statement = statement.param("afterScore", afterScore).param("afterId", afterId);
        }
        return statement.query(this::review).list();
    }

    /** The customer's latest review (open or decided), if any. */
    Optional<Review> latestOf(UUID customerId) {
        return jdbc.sql(REVIEW + " where r.customer_id = :id order by r.opened_at desc, r.id desc limit 1")
                .param("id", customerId)
                .query(this::review)
                .optional();
    }

    // ---- merges, removals, runs --------------------------------------------------------------------------------

    /**
     * Decided reviews follow the merged customers to the survivor (a confirmed fraud stays confirmed); their open
     * reviews and scores go, as the survivor is scored afresh.
     */
    void merged(UUID survivor, Collection<UUID> merged) {
        jdbc.sql("delete from risk_review where customer_id in (:ids) and status = 'OPEN'")
                .param("ids", merged)
                .update();
        jdbc.sql("update risk_review set customer_id = :survivor where customer_id in (:ids)")
                .param("survivor", survivor)
                .param("ids", merged)
                .update();
        deleteScores(merged);
        jdbc.sql("update risk_loyalty_fact set customer_id = :survivor where customer_id in (:ids)")
                .param("survivor", survivor)
                .param("ids", merged)
                .update();
        jdbc.sql("delete from risk_dirty where customer_id in (:ids)")
                .param("ids", merged)
                .update();
    }

    /**
     * A customer left the live set: its score and open review go; an erased one loses its decided reviews and its
     * loyalty facts too.
     */
    void removed(UUID customer) {
        jdbc.sql("""
                        delete from risk_review where customer_id = :id
                          and (status = 'OPEN' or exists (select 1 from customer where id = :id and status = 'ERASED'))""").param("id", customer).update();
        jdbc.sql("""
                        delete from risk_loyalty_fact where customer_id = :id
                          and exists (select 1 from customer where id = :id and status = 'ERASED')""").param("id", customer).update();
        deleteScores(List.of(customer));
        jdbc.sql("delete from risk_dirty where customer_id = :id")
                .param("id", customer)
                .update();
    }

    void insertRun(UUID id, Instant at, String by, long queued) {
        jdbc.sql("insert into risk_run (id, requested_at, requested_by, queued) values (:id, :at, :by, :queued)")
                .param("id", id)
                .param("at", Timestamp.from(at))
                .param("by", by)
                .param("queued", queued)
                .update();
    }

    record Run(UUID id, Instant requestedAt, String requestedBy, long queued) {}

    Optional<Run> run(UUID id) {
        return jdbc.sql("select id, requested_at, requested_by, queued from risk_run where id = :id")
                .param("id", id)
                .query((rs, row) -> new Run(
                        rs.getObject("id", UUID.class),
                        rs.getTimestamp("requested_at").toInstant(),
                        rs.getString("requested_by"),
                        rs.getLong("queued")))
                .optional();
    }

    /** Customers still marked at or before {@code at}: what of a run requested then is left. */
    long dirtySince(Instant at) {
        return jdbc.sql("select count(distinct customer_id) from risk_dirty where marked_at <= :at")
                .param("at", Timestamp.from(at))
                .query(Long.class)
                .single();
    }

    private Review review(ResultSet rs, int row) throws SQLException {
        return new Review(
                rs.getObject("id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                rs.getString("display_name"),
                rs.getString("status"),
                rs.getBigDecimal("score"),
                json.readValue(rs.getString("signals"), new TypeReference<List<StoredSignal>>() {}),
                json.readValue(rs.getString("evidence"), new TypeReference<Map<String, Integer>>() {}),
                rs.getString("fingerprint"),
                instant(rs, "opened_at"),
                instant(rs, "updated_at"),
                instant(rs, "decided_at"),
                rs.getString("decided_by"),
                rs.getString("note"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
