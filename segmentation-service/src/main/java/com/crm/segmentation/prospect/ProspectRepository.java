package com.crm.segmentation.prospect;

import com.crm.support.access.SqlCondition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Prospects ({@code prospect}) and the projections they are scored from (profile, purchases, signals). */
@Repository
class ProspectRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONVERSION = """
            select %s as grp, count(*) as prospects,
                   count(*) filter (where converted_at >= :from and converted_at < :to) as converted
            from prospect where since < :to and (converted_at is null or converted_at >= :from)
              and (cast(:source as varchar) is null or source = cast(:source as varchar))
              and %s
            group by grp order by grp""";

    private final JdbcClient jdbc;

    ProspectRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A prospect's new scores with the profile fields stored beside them. */
    record Scored(UUID customerId, ProspectScoring.Result result, String ownerId, String source) {}

    /** The prospect rows (open or converted) of the listed customers that have one. */
    Map<UUID, ProspectService.Prospect> findAll(List<UUID> ids) {
        Map<UUID, ProspectService.Prospect> found = new HashMap<>();
        jdbc.sql("select * from prospect where customer_id = any(cast(:ids as uuid[]))")
                .param("ids", uuids(ids))
                .query(ProspectRepository::map)
                .list()
                .forEach(p -> found.put(p.customerId(), p));
        return found;
    }

    /** Those of the listed customers with a purchase (not a refund) recorded. */
    Set<UUID> purchased(List<UUID> ids) {
        return new HashSet<>(
                jdbc.sql("""
                select c.id from unnest(cast(:ids as uuid[])) as c(id)
                where exists (select 1 from purchase where customer_id = c.id and kind = 'PURCHASE')""").param("ids", uuids(ids)).query(UUID.class).list());
    }

    /** Drops the open prospects among the listed customers (converted ones stay for the report). */
    void deleteOpen(List<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("delete from prospect where customer_id = any(cast(:ids as uuid[])) and converted_at is null")
                .param("ids", uuids(ids))
                .update();
    }

    void markConverted(List<UUID> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql(
                        "update prospect set converted_at = :now, updated_at = :now where customer_id = any(cast(:ids as uuid[]))")
                .param("now", Timestamp.from(at))
                .param("ids", uuids(ids))
                .update();
    }

    /**
     * Each listed customer's signals since {@code since} (zeros without any); {@code inquiryTypes} are the
     * interaction types of an inquiry.
     */
    Map<UUID, ProspectScoring.Signals> signals(List<UUID> ids, Instant since, List<String> inquiryTypes) {
        Map<UUID, ProspectScoring.Signals> signals = new HashMap<>();
        jdbc.sql("""
                select c.id,
                       (select count(*) from interaction_signal where customer_id = c.id and occurred_at >= :since
                          and purchase_intent) as intents,
                       (select count(*) from interaction_signal where customer_id = c.id and occurred_at >= :since
                          and type in (:inquiries)) as inquiries,
                       (select count(*) from feedback_signal where customer_id = c.id and occurred_at >= :since
                          and ((kind = 'NPS' and (score >= 7 or nps_category in ('promoter', 'passive')))
                               or (kind = 'CSAT' and score >= 4))) as interested
                from unnest(cast(:ids as uuid[])) as c(id)""")
                .param("ids", uuids(ids))
                .param("since", Timestamp.from(since))
                // "in ()" is not SQL: an empty list matches nothing through a type no interaction has
                .param("inquiries", inquiryTypes.isEmpty() ? List.of("") : inquiryTypes)
                .query((rs, n) -> Map.entry(
                        rs.getObject(1, UUID.class),
                        new ProspectScoring.Signals(rs.getInt(2), rs.getInt(3), rs.getInt(4))))
                .list()
                .forEach(e -> signals.put(e.getKey(), e.getValue()));
        return signals;
    }

    /** The profile fields ability rules test, of the listed customers that have a profile. */
    Map<UUID, ProspectScoring.Profile> profiles(List<UUID> ids) {
        Map<UUID, ProspectScoring.Profile> profiles = new HashMap<>();
        jdbc.sql("""
                select customer_id, type, industry, region, company, job_title, owner_id, tags from customer_profile
                where customer_id = any(cast(:ids as uuid[]))""")
                .param("ids", uuids(ids))
                .query((rs, n) -> Map.entry(
                        rs.getObject(1, UUID.class),
                        new ProspectScoring.Profile(
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                tags(rs))))
                .list()
                .forEach(e -> profiles.put(e.getKey(), e.getValue()));
        return profiles;
    }

    /** Upserts the scored prospects in one statement ({@code since} stays the first scoring's). */
    void upsertAll(List<Scored> scored, Instant now) {
        if (scored.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into prospect (customer_id, priority, need_score, ability_score, reasons, owner_id, source,
                                      since, updated_at)
                select cast(id as uuid), cast(priority as smallint), cast(need as double precision),
                       cast(ability as double precision), cast(reasons as jsonb), owner, source, :now, :now
                from unnest(:ids, :priorities, :needs, :abilities, :reasons, :owners, :sources)
                    as p(id, priority, need, ability, reasons, owner, source)
                on conflict (customer_id) do update set priority = excluded.priority,
                    need_score = excluded.need_score, ability_score = excluded.ability_score,
                    reasons = excluded.reasons, owner_id = excluded.owner_id, source = excluded.source,
                    updated_at = excluded.updated_at""")
                .param("ids", text(scored, s -> s.customerId().toString()))
                .param(
                        "priorities",
                        text(scored, s -> Integer.toString(s.result().priority())))
                // Double.toString is the shortest text that parses back to the same double
                .param("needs", text(scored, s -> Double.toString(s.result().need())))
                .param("abilities", text(scored, s -> Double.toString(s.result().ability())))
                .param(
                        "reasons",
                        text(scored, s -> JSON.writeValueAsString(s.result().reasons())))
                .param("owners", text(scored, Scored::ownerId))
                .param("sources", text(scored, Scored::source))
                .param("now", Timestamp.from(now))
                .update();
    }

    private static SqlArrayValue uuids(List<UUID> ids) {
        return new SqlArrayValue("text", ids.stream().map(UUID::toString).toArray());
    }

    private static <T> SqlArrayValue text(List<T> rows, Function<T, String> column) {
        return new SqlArrayValue("text", rows.stream().map(column).toArray());
    }

    /** Every open prospect and every active customer without a purchase. */
    List<UUID> toRefresh() {
        return jdbc.sql("""
                select customer_id from customer_profile p where status = 'ACTIVE' and not exists (
                    select 1 from purchase u where u.customer_id = p.customer_id and u.kind = 'PURCHASE')
                union select customer_id from prospect where converted_at is null""").query(UUID.class).list();
    }

    Optional<ProspectService.Prospect> find(UUID customerId) {
        return jdbc.sql("select * from prospect where customer_id = :id")
                .param("id", customerId)
                .query(ProspectRepository::map)
                .optional();
    }

    /**
     * Open prospects by priority then id, after {@code after} when given, within {@code visible} (the caller's
     * record-level access, over {@code customer_id}); fetches {@code limit} rows.
     */
    List<ProspectService.Prospect> list(
            Integer priority,
            String ownerId,
            String source,
            ProspectService.After after,
            int limit,
            SqlCondition visible) {
        return jdbc.sql("""
                select * from prospect p where converted_at is null and %s
                  and (cast(:priority as int) is null or priority = cast(:priority as int))
                  and (cast(:owner as varchar) is null or owner_id = cast(:owner as varchar))
                  and (cast(:source as varchar) is null or source = cast(:source as varchar))
                  and (cast(:afterPriority as int) is null
                       or (priority, customer_id) > (cast(:afterPriority as int), cast(:afterId as uuid)))
                order by priority, customer_id limit :limit""".formatted(visible.clause()))
                .param("priority", priority)
                .param("owner", ownerId)
                .param("source", source)
                .param("afterPriority", after == null ? null : after.priority())
                .param("afterId", after == null ? null : after.customerId())
                .param("limit", limit)
                .params(visible.params())
                .query(ProspectRepository::map)
                .list();
    }

    /**
     * Conversion rows by priority and by source over {@code [from, to]} (UTC days), of the prospects within
     * {@code visible} (over {@code customer_id}).
     */
    List<List<ProspectService.ConversionRow>> conversion(
            LocalDate from, LocalDate to, String source, SqlCondition visible) {
        Timestamp f = Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp t = Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        RowMapper<ProspectService.ConversionRow> mapper = (rs, n) -> {
            long p = rs.getLong("prospects");
            long c = rs.getLong("converted");
            return new ProspectService.ConversionRow(
                    rs.getString("grp"),
                    p,
                    c,
                    p == 0
                            ? null
                            : BigDecimal.valueOf((double) c / p)
                                    .setScale(4, RoundingMode.HALF_UP)
                                    .toPlainString());
        };
        return List.of(
                jdbc.sql(CONVERSION.formatted("cast(priority as varchar)", visible.clause()))
                        .params(visible.params())
                        .param("from", f)
                        .param("to", t)
                        .param("source", source)
                        .query(mapper)
                        .list(),
                jdbc.sql(CONVERSION.formatted("source", visible.clause()))
                        .params(visible.params())
                        .param("from", f)
                        .param("to", t)
                        .param("source", source)
                        .query(mapper)
                        .list());
    }

    private static ProspectService.Prospect map(ResultSet rs, int n) throws SQLException {
        int priority = rs.getInt("priority");
        List<String> reasons = Arrays.asList(JSON.readValue(rs.getString("reasons"), String[].class));
        return new ProspectService.Prospect(
                rs.getObject("customer_id", UUID.class),
                priority,
                ProspectService.quadrant(priority),
                rs.getDouble("need_score"),
                rs.getDouble("ability_score"),
                reasons,
                rs.getString("owner_id"),
                rs.getString("source"),
                instant(rs.getTimestamp("since")),
                instant(rs.getTimestamp("updated_at")),
                instant(rs.getTimestamp("converted_at")));
    }

    private static List<String> tags(ResultSet rs) throws SQLException {
        Array array = rs.getArray("tags");
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
