package com.crm.segmentation.prospect;

import com.crm.contracts.events.segmentation.ProspectPriorityChanged;
import com.crm.segmentation.metrics.CustomerChangeListener;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.problem.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the prospect list: every active customer without a purchase, scored for need and ability after each event
 * about them (inside the consumer's transaction) and on every full run (signals age out of the window). A move
 * between priorities emits {@code crm.prospect.priority-changed}; the first purchase converts the prospect (kept,
 * with its last priority, for the conversion report).
 */
@Service
public class ProspectService implements CustomerChangeListener {

    public record Prospect(UUID customerId, int priority, String quadrant, double needScore, double abilityScore,
                           List<String> reasons, String ownerId, String source, Instant since, Instant updatedAt,
                           Instant convertedAt) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final EventOutbox outbox;
    private final ProspectProperties properties;
    private final ProspectScoring scoring;
    private final Clock clock;
    private final TransactionTemplate transactions;

    ProspectService(JdbcClient jdbc, EventOutbox outbox, ProspectProperties properties, Clock clock,
                    TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.properties = properties;
        this.scoring = new ProspectScoring(properties);
        this.clock = clock;
        this.transactions = transactions;
    }

    public static String quadrant(int priority) {
        return switch (priority) {
            case 1 -> "NEED_AND_ABILITY";
            case 2 -> "ABILITY_NO_EXPRESSED_NEED";
            case 3 -> "NEED_WITHOUT_ABILITY";
            default -> "NEITHER";
        };
    }

    private record Current(int priority, Instant convertedAt) {
    }

    @Override
    public void changed(UUID customerId) {
        Instant now = clock.instant();
        String status = jdbc.sql("select status from customer_profile where customer_id = :id").param("id", customerId)
                .query(String.class).optional().orElse(null);
        Current current = jdbc.sql("select priority, converted_at from prospect where customer_id = :id")
                .param("id", customerId).query((rs, n) -> new Current(rs.getInt(1), instant(rs.getTimestamp(2))))
                .optional().orElse(null);
        if (!"ACTIVE".equals(status)) {
            jdbc.sql("delete from prospect where customer_id = :id and converted_at is null").param("id", customerId)
                    .update();
            return;
        }
        boolean purchased = jdbc.sql("select exists (select 1 from purchase where customer_id = :id and kind = 'PURCHASE')")
                .param("id", customerId).query(Boolean.class).single();
        if (purchased) {
            if (current != null && current.convertedAt() == null) {
                jdbc.sql("update prospect set converted_at = :now, updated_at = :now where customer_id = :id")
                        .param("now", Timestamp.from(now)).param("id", customerId).update();
                var row = find(customerId).orElseThrow();
                outbox.append(new ProspectPriorityChanged(customerId, current.priority(), null,
                        score(row.needScore()), score(row.abilityScore()), List.of("converted: first purchase"),
                        true, now));
            }
            return;
        }
        if (current != null && current.convertedAt() != null) {
            return; // a refunded first purchase does not make a customer a prospect again
        }
        Instant since = now.minus(java.time.Duration.ofDays(properties.signalWindowDays()));
        ProspectScoring.Signals signals = jdbc.sql("""
                select (select count(*) from interaction_signal where customer_id = :id and occurred_at >= :since
                          and purchase_intent) as intents,
                       (select count(*) from interaction_signal where customer_id = :id and occurred_at >= :since
                          and type in (:inquiries)) as inquiries,
                       (select count(*) from feedback_signal where customer_id = :id and occurred_at >= :since
                          and ((kind = 'NPS' and (score >= 7 or nps_category in ('promoter', 'passive')))
                               or (kind = 'CSAT' and score >= 4))) as interested""")
                .param("id", customerId).param("since", Timestamp.from(since))
                .param("inquiries", properties.need().inquiryTypes().isEmpty() ? List.of("")
                        : properties.need().inquiryTypes())
                .query((rs, n) -> new ProspectScoring.Signals(rs.getInt(1), rs.getInt(2), rs.getInt(3))).single();
        ProspectScoring.Profile profile = jdbc.sql("""
                select type, industry, region, company, job_title, owner_id, tags from customer_profile
                where customer_id = :id""").param("id", customerId)
                .query((rs, n) -> new ProspectScoring.Profile(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), tags(rs))).single();
        ProspectScoring.Result result = scoring.score(signals, profile);
        String source = source(profile.tags());
        jdbc.sql("""
                insert into prospect (customer_id, priority, need_score, ability_score, reasons, owner_id, source,
                                      since, updated_at)
                values (:id, :priority, :need, :ability, cast(:reasons as jsonb), :owner, :source, :now, :now)
                on conflict (customer_id) do update set priority = excluded.priority,
                    need_score = excluded.need_score, ability_score = excluded.ability_score,
                    reasons = excluded.reasons, owner_id = excluded.owner_id, source = excluded.source,
                    updated_at = excluded.updated_at""")
                .param("id", customerId).param("priority", result.priority()).param("need", result.need())
                .param("ability", result.ability()).param("reasons", JSON.writeValueAsString(result.reasons()))
                .param("owner", profile.ownerId()).param("source", source).param("now", Timestamp.from(now))
                .update();
        if (current == null || current.priority() != result.priority()) {
            outbox.append(new ProspectPriorityChanged(customerId, current == null ? null : current.priority(),
                    result.priority(), score(result.need()), score(result.ability()), result.reasons(), false, now));
        }
    }

    /** Re-scores every open prospect and every active customer without a purchase (a full run). */
    public int refreshAll() {
        List<UUID> ids = jdbc.sql("""
                select customer_id from customer_profile p where status = 'ACTIVE' and not exists (
                    select 1 from purchase u where u.customer_id = p.customer_id and u.kind = 'PURCHASE')
                union select customer_id from prospect where converted_at is null""").query(UUID.class).list();
        for (int from = 0; from < ids.size(); from += 500) {
            List<UUID> batch = ids.subList(from, Math.min(ids.size(), from + 500));
            transactions.executeWithoutResult(tx -> batch.forEach(this::changed));
        }
        return ids.size();
    }

    private String source(List<String> tags) {
        String prefix = properties.sourceTagPrefix();
        if (tags != null && !prefix.isEmpty()) {
            for (String tag : tags) {
                if (tag.regionMatches(true, 0, prefix, 0, prefix.length()) && tag.length() > prefix.length()) {
                    String value = tag.substring(prefix.length()).strip();
                    return value.length() > 64 ? value.substring(0, 64) : value;
                }
            }
        }
        return "unknown";
    }

    public java.util.Optional<Prospect> find(UUID customerId) {
        return jdbc.sql("select * from prospect where customer_id = :id").param("id", customerId).query(this::map)
                .optional();
    }

    public Prospect get(UUID customerId) {
        return find(customerId).orElseThrow(() -> ApiException.notFound("prospect", customerId));
    }

    /** Open prospects by priority then id, after {@code (afterPriority, afterId)}; fetches {@code limit} rows. */
    public List<Prospect> list(Integer priority, String ownerId, String source, Integer afterPriority, UUID afterId,
                               int limit) {
        return jdbc.sql("""
                select * from prospect where converted_at is null
                  and (cast(:priority as int) is null or priority = cast(:priority as int))
                  and (cast(:owner as varchar) is null or owner_id = cast(:owner as varchar))
                  and (cast(:source as varchar) is null or source = cast(:source as varchar))
                  and (cast(:afterPriority as int) is null
                       or (priority, customer_id) > (cast(:afterPriority as int), cast(:afterId as uuid)))
                order by priority, customer_id limit :limit""")
                .param("priority", priority).param("owner", ownerId).param("source", source)
                .param("afterPriority", afterPriority).param("afterId", afterId).param("limit", limit)
                .query(this::map).list();
    }

    public record ConversionRow(String group, long prospects, long converted, String rate) {
    }

    public record ConversionReport(LocalDate from, LocalDate to, String source, List<ConversionRow> byPriority,
                                   List<ConversionRow> bySource) {
    }

    /**
     * Prospects open at any time in {@code [from, to]} (UTC days) and how many made their first purchase in it, by
     * the priority they had (at conversion, or now) and by source; {@code source} (optional) narrows to one source.
     */
    public ConversionReport conversion(LocalDate from, LocalDate to, String source) {
        String sql = """
                select %s as grp, count(*) as prospects,
                       count(*) filter (where converted_at >= :from and converted_at < :to) as converted
                from prospect where since < :to and (converted_at is null or converted_at >= :from)
                  and (cast(:source as varchar) is null or source = cast(:source as varchar))
                group by grp order by grp""";
        Timestamp f = Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp t = Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        var mapper = (org.springframework.jdbc.core.RowMapper<ConversionRow>) (rs, n) -> {
            long p = rs.getLong("prospects");
            long c = rs.getLong("converted");
            return new ConversionRow(rs.getString("grp"), p, c, p == 0 ? null
                    : java.math.BigDecimal.valueOf((double) c / p).setScale(4, java.math.RoundingMode.HALF_UP)
                    .toPlainString());
        };
        return new ConversionReport(from, to, source,
                jdbc.sql(sql.formatted("cast(priority as varchar)")).param("from", f).param("to", t)
                        .param("source", source).query(mapper).list(),
                jdbc.sql(sql.formatted("source")).param("from", f).param("to", t).param("source", source)
                        .query(mapper).list());
    }

    private Prospect map(ResultSet rs, int n) throws SQLException {
        int priority = rs.getInt("priority");
        List<String> reasons = Arrays.asList(JSON.readValue(rs.getString("reasons"), String[].class));
        return new Prospect(rs.getObject("customer_id", UUID.class), priority, quadrant(priority),
                rs.getDouble("need_score"), rs.getDouble("ability_score"), reasons, rs.getString("owner_id"),
                rs.getString("source"), instant(rs.getTimestamp("since")), instant(rs.getTimestamp("updated_at")),
                instant(rs.getTimestamp("converted_at")));
    }

    private static List<String> tags(ResultSet rs) throws SQLException {
        java.sql.Array array = rs.getArray("tags");
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static String score(double v) {
        return java.math.BigDecimal.valueOf(v).setScale(4, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
