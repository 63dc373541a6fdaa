package com.crm.customer.overview;

import static com.crm.customer.overview.ProjectionRepository.instant;

import com.crm.contracts.cloudevents.IsoInstants;
import com.crm.customer.overview.CustomerOverview.LastContact;
import com.crm.customer.overview.CustomerOverview.NextDue;
import com.crm.customer.overview.CustomerOverview.PolicyWindow;
import com.crm.customer.overview.CustomerOverview.ProfileSection;
import com.crm.customer.overview.CustomerOverview.Rfm;
import com.crm.customer.overview.CustomerOverview.TimelineEntry;
import com.crm.customer.overview.CustomerOverview.ValueSection;
import com.crm.customer.profile.Consent;
import com.crm.customer.profile.ConsentChannel;
import com.crm.customer.property.CustomProperties;
import com.crm.support.access.SqlCondition;
import com.crm.support.json.StoredJson;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The overview's two reads. Per request, {@link #stored}: the profile essentials and the rendered sections in a single
 * statement (primary-key and index lookups only). Per change, {@link #find}: every projected section of one customer as
 * records, to render them ({@link OverviewSections}).
 */
@Repository
class OverviewRepository {

    /**
     * One live customer's profile essentials and rendered sections; {@code behind}: its projections changed since they
     * were rendered (by a writer that does not render), the sections must not be used.
     */
    record Stored(
            UUID customerId,
            ProfileSection profile,
            Map<ConsentChannel, Consent> consents,
            Rendered sections,
            boolean behind) {}

    /** The projected sections as {@link OverviewJson} renders them; a null section has not been reported. */
    record Rendered(
            String value,
            String contact,
            String voice,
            List<RenderedComplaint> openComplaints,
            String timeline,
            String loyalty) {

        boolean nothing() {
            return value == null
                    && contact == null
                    && voice == null
                    && openComplaints.isEmpty()
                    && timeline == null
                    && loyalty == null;
        }
    }

    /** An open complaint's rendering and what its SLA status depends on besides the time of the read. */
    record RenderedComplaint(String json, boolean breached, Instant dueAt) {}

    /** What the projections hold about one customer; a part is null (or empty) when its source has not reported. */
    record Projected(
            ValueSection value,
            Contact contact,
            List<ScoreRow> scores,
            List<ComplaintRow> openComplaints,
            Instant complaintsAt,
            List<TimelineEntry> timeline,
            Loyalty loyalty) {}

    record Loyalty(Long balance, Instant balanceAt, String level, Instant levelSince, Instant levelAt) {}

    record Contact(
            List<LastContact> lastContacts,
            NextDue nextDue,
            List<PolicyWindow> policyWindows,
            Instant stateAsOf,
            String preferredChannel,
            Instant preferenceAsOf) {}

    record ScoreRow(String kind, int score, String category, Instant at) {}

    record ComplaintRow(
            UUID complaintId,
            String category,
            String severity,
            String channel,
            Instant openedAt,
            Instant dueAt,
            boolean breached) {}

    /** What a part adds to {@link #findAll}'s statement: the columns it selects and the table it joins (if any). */
    private record PartSql(String columns, String join) {}

    private static final Map<OverviewPart, PartSql> SELECT = Map.of(
            OverviewPart.VALUE,
            new PartSql("""
                v.tier, v.clv, v.tier_at, v.clv_percentile, v.p_alive, v.expected_purchases, v.rfm_recency,
                v.rfm_frequency, v.rfm_monetary, v.rfm_segment, v.key_account_quadrant, v.churn_risk, v.scores_at,
                v.lifecycle_stage, v.stage_at""", "left join projected_value v on v.customer_id = k.id"),
            OverviewPart.CONTACT,
            new PartSql("""
                cast(c.last_contacts as text) as last_contacts, cast(c.next_due as text) as next_due,
                cast(c.policy_windows as text) as policy_windows, c.state_as_of, c.preferred_channel,
                c.preference_as_of""", "left join projected_contact c on c.customer_id = k.id"),
            OverviewPart.VOICE,
            new PartSql("""
                (select cast(jsonb_agg(jsonb_build_object('kind', s.kind, 'score', s.score,
                             'category', s.nps_category, 'at', s.submitted_at)) as text)
                 from projected_feedback_score s where s.customer_id = k.id) as scores,
                (select cast(jsonb_agg(jsonb_build_object('complaintId', p.complaint_id, 'category', p.category,
                             'severity', p.severity, 'channel', p.channel, 'openedAt', p.opened_at,
                             'dueAt', p.due_at, 'breached', p.breached)
                             order by p.due_at nulls last, p.complaint_id) as text)
                 from projected_complaint p where p.customer_id = k.id and p.status = 'OPEN') as open_complaints,
                (select max(p.updated_at) from projected_complaint p where p.customer_id = k.id) as complaints_at""", ""),
            OverviewPart.TIMELINE,
            new PartSql("""
                (select cast(jsonb_agg(to_jsonb(t) order by t.occurred_at desc, t.interaction_id desc) as text)
                 from (select i.interaction_id, i.occurred_at, i.channel, i.direction, i.type, i.purpose,
                              i.outcome, i.agent_id, i.duration_seconds, i.campaign_id, i.purchase_intent
                       from projected_interaction i where i.customer_id = k.id
                       order by i.occurred_at desc, i.interaction_id desc limit :limit) t) as timeline""", ""),
            OverviewPart.LOYALTY,
            new PartSql("""
                l.balance as loyalty_balance, l.balance_at as loyalty_balance_at, l.level_code as loyalty_level,
                l.level_since as loyalty_level_since, l.level_at as loyalty_level_at""", "left join projected_loyalty l on l.customer_id = k.id"));

    /** The columns of {@code projected_overview} each part's rendering is stored in. */
    private static final Map<OverviewPart, String> STORE = Map.of(
            OverviewPart.VALUE, "value_json = r.value",
            OverviewPart.CONTACT, "contact_json = r.contact",
            OverviewPart.VOICE,
                    """
                    voice_json = r.voice, complaint_json = %s, complaint_breached = %s, complaint_due_at = %s""".formatted(
                            array("r.json", "text"), array("r.breached", "boolean"), array("r.due", "timestamptz")),
            OverviewPart.TIMELINE, "timeline_json = r.timeline",
            OverviewPart.LOYALTY, "loyalty_json = r.loyalty");

    // the primary email and phone (else the first) picked here, not by parsing the customer's contact points
    private static final String STORED_SQL = """
            select k.id, k.type, k.display_name, k.company, k.region, k.time_zone, k.owner_id, k.tags, k.created_at,
                   k.updated_at, k.version, k.consents,
                   (select cast(coalesce(jsonb_object_agg(p.key, p.value), '{}') as text) from jsonb_each(k.properties) p
                    join customer_property d on d.name = p.key and not d.archived) as properties,
                   (select e ->> 'address' from jsonb_array_elements(k.emails) with ordinality x(e, n)
                    order by coalesce((e ->> 'primary') = 'true', false) desc, n limit 1) as primary_email,
                   (select e ->> 'number' from jsonb_array_elements(k.phones) with ordinality x(e, n)
                    order by coalesce((e ->> 'primary') = 'true', false) desc, n limit 1) as primary_phone,
                   o.value_json, o.contact_json, o.voice_json, o.complaint_json, o.complaint_breached,
                   o.complaint_due_at, o.timeline_json, o.loyalty_json,
                   exists (select 1 from projected_overview_backlog b where b.customer_id = k.id) as behind
            from customer k
            left join projected_overview o on o.customer_id = k.id
            where k.id = :id and k.status = 'ACTIVE'""";

    private static final TypeReference<Map<ConsentChannel, Consent>> CONSENTS = new TypeReference<>() {};
    private static final TypeReference<List<LastContact>> LAST_CONTACTS = new TypeReference<>() {};
    private static final TypeReference<List<PolicyWindow>> POLICY_WINDOWS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Map<Set<OverviewPart>, String> findSql = new ConcurrentHashMap<>();
    private final Map<Set<OverviewPart>, String> storeSql = new ConcurrentHashMap<>();

    OverviewRepository(JdbcClient jdbc, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.json = storedJson.mapper();
    }

    /**
     * The customer with this id if it is live (active) and within {@code visible}; empty for a merged, deleted,
     * erased or unknown id, and for a customer the caller does not see.
     */
    Optional<Stored> stored(UUID id, SqlCondition visible) {
        return jdbc.sql(visible.always() ? STORED_SQL : STORED_SQL + " and " + visible.clause())
                .params(visible.params())
                .param("id", id)
                .query(this::mapStored)
                .optional();
    }

    private Stored mapStored(ResultSet rs, int row) throws SQLException {
        Instant updatedAt = instant(rs, "updated_at");
        ProfileSection profile = new ProfileSection(
                CustomerOverview.KNOWN,
                updatedAt,
                rs.getString("type"),
                rs.getString("display_name"),
                rs.getString("company"),
                rs.getString("primary_email"),
                rs.getString("primary_phone"),
                rs.getString("region"),
                rs.getString("time_zone"),
                rs.getString("owner_id"),
                List.copyOf(Arrays.asList((String[]) rs.getArray("tags").getArray())),
                CustomProperties.canonical(json.reader()
                        .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                        .readTree(rs.getString("properties"))),
                instant(rs, "created_at"),
                rs.getLong("version"));
        // an EnumMap, as the profile holds them: channels in their declared order
        Map<ConsentChannel, Consent> consents = new EnumMap<>(ConsentChannel.class);
        consents.putAll(json.readValue(rs.getString("consents"), CONSENTS));
        List<RenderedComplaint> complaints = new ArrayList<>();
        Array renderings = rs.getArray("complaint_json");
        if (renderings != null) {
            String[] rendered = (String[]) renderings.getArray();
            Boolean[] breached = (Boolean[]) rs.getArray("complaint_breached").getArray();
            Timestamp[] due = (Timestamp[]) rs.getArray("complaint_due_at").getArray();
            for (int i = 0; i < rendered.length; i++) {
                complaints.add(
                        new RenderedComplaint(rendered[i], breached[i], due[i] == null ? null : due[i].toInstant()));
            }
        }
        return new Stored(
                rs.getObject("id", UUID.class),
                profile,
                consents,
                new Rendered(
                        rs.getString("value_json"),
                        rs.getString("contact_json"),
                        rs.getString("voice_json"),
                        complaints,
                        rs.getString("timeline_json"),
                        rs.getString("loyalty_json")),
                rs.getBoolean("behind"));
    }

    /**
     * Takes the customer's rendered row (created empty if missing) for update: renderings of one customer queue, each
     * reading the projections after the one before it committed, so the last to store is never older than what it
     * replaces.
     */
    void lockRendered(Collection<UUID> customerIds) {
        // in id order: renderings of several customers at once (consumers of different topics) never deadlock
        jdbc.sql("""
                        insert into projected_overview (customer_id)
                        select c from unnest(cast(:c as uuid[])) as x(c) order by c
                        on conflict (customer_id) do update set customer_id = excluded.customer_id""").param("c", uuids(customerIds)).update();
    }

    /**
     * Stores the renderings of {@code parts} (the other sections' stay as they are) and, when every part is rendered,
     * takes the customers out of the backlog: their rendering is up to date again. Writes only the customer's rendered
     * row and backlog entry, no projection: renderings of the same customer by events of different topics queue on
     * the rendered row without ever waiting for each other's projection rows.
     */
    void storeRendered(Map<UUID, Rendered> renderings, Set<OverviewPart> parts) {
        if (renderings.isEmpty()) {
            return;
        }
        List<Map.Entry<UUID, Rendered>> rows = List.copyOf(renderings.entrySet());
        jdbc.sql(storeSql.computeIfAbsent(parts, OverviewRepository::storeSql))
                .param("c", uuids(renderings.keySet()))
                .param("value", text(rows, r -> r.getValue().value()))
                .param("contact", text(rows, r -> r.getValue().contact()))
                .param("voice", text(rows, r -> r.getValue().voice()))
                .param("timeline", text(rows, r -> r.getValue().timeline()))
                .param("loyalty", text(rows, r -> r.getValue().loyalty()))
                .param(
                        "json",
                        text(
                                rows,
                                r -> json.writeValueAsString(r.getValue().openComplaints().stream()
                                        .map(RenderedComplaint::json)
                                        .toList())))
                .param(
                        "breached",
                        text(
                                rows,
                                r -> json.writeValueAsString(r.getValue().openComplaints().stream()
                                        .map(RenderedComplaint::breached)
                                        .toList())))
                .param(
                        "due",
                        text(
                                rows,
                                r -> json.writeValueAsString(r.getValue().openComplaints().stream()
                                        .map(c -> c.dueAt() == null
                                                ? null
                                                : c.dueAt().toString())
                                        .toList())))
                .update();
        if (parts.containsAll(OverviewPart.ALL)) {
            jdbc.sql("delete from projected_overview_backlog where customer_id = any(cast(:c as uuid[]))")
                    .param("c", uuids(renderings.keySet()))
                    .update();
        }
    }

    private static String storeSql(Set<OverviewPart> parts) {
        StringJoiner set = new StringJoiner(", ");
        Arrays.stream(OverviewPart.values()).filter(parts::contains).forEach(p -> set.add(STORE.get(p)));
        return """
                update projected_overview o set %s
                from unnest(cast(:c as uuid[]), :value, :contact, :voice, :json, :breached, :due, :timeline,
                  :loyalty) as r(c, value, contact, voice, json, breached, due, timeline, loyalty)
                where o.customer_id = r.c""".formatted(set);
    }

    /**
     * Takes out of the backlog those of the customers who are in it, and answers them: they must be rendered whole, in
     * this transaction (a writer that does not render changed some part of theirs).
     */
    Set<UUID> takeBacklog(Collection<UUID> customerIds) {
        return new HashSet<>(
                jdbc.sql("""
                        delete from projected_overview_backlog where customer_id = any(cast(:c as uuid[]))
                        returning customer_id""").param("c", uuids(customerIds)).query(UUID.class).list());
    }

    /**
     * Declares that this transaction renders every part it writes (V34): its projection writes then put nobody in the
     * backlog. Lasts until the transaction ends.
     */
    void renderingInThisTransaction() {
        jdbc.sql("select set_config('crm.overview_rendering', 'on', true)")
                .query(String.class)
                .single();
    }

    /** An array of {@code type} from a JSON array column, in its order: sidesteps driver-specific array binding. */
    private static String array(String column, String type) {
        return "array(select cast(e as " + type + ") from jsonb_array_elements_text(cast(" + column
                + " as jsonb)) with ordinality x(e, n) order by n)";
    }

    private static SqlArrayValue uuids(Collection<UUID> ids) {
        return new SqlArrayValue("text", ids.stream().map(UUID::toString).toArray());
    }

    private static <T> SqlArrayValue text(List<T> rows, Function<T, String> value) {
        return new SqlArrayValue("text", rows.stream().map(value).toArray());
    }

    /** Renderings of customers with nothing projected any more (merged away, deleted, erased). */
    void forgetRendered(Collection<UUID> customerIds) {
        jdbc.sql("delete from projected_overview where customer_id in (:ids)")
                .param("ids", customerIds)
                .update();
        jdbc.sql("delete from projected_overview_backlog where customer_id in (:ids)")
                .param("ids", customerIds)
                .update();
    }

    /** Customers whose rendering is behind their projections (see the migration that added the rendering). */
    List<UUID> backlog() {
        return jdbc.sql("select customer_id from projected_overview_backlog")
                .query(UUID.class)
                .list();
    }

    Projected find(UUID customerId, int timelineSize) {
        return findAll(List.of(customerId), timelineSize, OverviewPart.ALL).get(customerId);
    }

    /**
     * What is projected of {@code parts} for many customers, with one statement; the other parts read as not
     * reported.
     */
    Map<UUID, Projected> findAll(Collection<UUID> customerIds, int timelineSize, Set<OverviewPart> parts) {
        Map<UUID, Projected> found = new HashMap<>();
        jdbc.sql(findSql.computeIfAbsent(parts, OverviewRepository::findSql))
                .param("ids", uuids(customerIds))
                .param("limit", timelineSize)
                .query((rs, n) -> Map.entry(rs.getObject("id", UUID.class), map(rs, parts)))
                .list()
                .forEach(e -> found.put(e.getKey(), e.getValue()));
        return found;
    }

    private static String findSql(Set<OverviewPart> parts) {
        StringJoiner select = new StringJoiner(",\n", "select k.id,\n", "\n");
        StringJoiner from = new StringJoiner("\n", "from unnest(cast(:ids as uuid[])) k(id)\n", "");
        for (OverviewPart part : OverviewPart.values()) {
            if (parts.contains(part)) {
                select.add(SELECT.get(part).columns());
                if (!SELECT.get(part).join().isEmpty()) {
                    from.add(SELECT.get(part).join());
                }
            }
        }
        return select + from.toString();
    }

    private Projected map(ResultSet rs, Set<OverviewPart> parts) throws SQLException {
        boolean voice = parts.contains(OverviewPart.VOICE);
        return new Projected(
                parts.contains(OverviewPart.VALUE) ? value(rs) : null,
                parts.contains(OverviewPart.CONTACT) ? contact(rs) : null,
                voice ? scores(rs.getString("scores")) : List.of(),
                voice ? complaints(rs.getString("open_complaints")) : List.of(),
                voice ? instant(rs, "complaints_at") : null,
                parts.contains(OverviewPart.TIMELINE) ? timeline(rs.getString("timeline")) : List.of(),
                parts.contains(OverviewPart.LOYALTY) ? loyalty(rs) : null);
    }

    private static Loyalty loyalty(ResultSet rs) throws SQLException {
        Instant balanceAt = instant(rs, "loyalty_balance_at");
        Instant levelAt = instant(rs, "loyalty_level_at");
        if (balanceAt == null && levelAt == null) {
            return null;
        }
        long balance = rs.getLong("loyalty_balance");
        return new Loyalty(
                rs.wasNull() ? null : balance,
                balanceAt,
                rs.getString("loyalty_level"),
                instant(rs, "loyalty_level_since"),
                levelAt);
    }

    private static ValueSection value(ResultSet rs) throws SQLException {
        Instant asOf = latest(instant(rs, "tier_at"), instant(rs, "scores_at"), instant(rs, "stage_at"));
        if (asOf == null) {
            return null;
        }
        Rfm rfm = rs.getObject("rfm_recency") == null && rs.getString("rfm_segment") == null
                ? null
                : new Rfm(
                        smallint(rs, "rfm_recency"),
                        smallint(rs, "rfm_frequency"),
                        smallint(rs, "rfm_monetary"),
                        rs.getString("rfm_segment"));
        return new ValueSection(
                CustomerOverview.KNOWN,
                asOf,
                rs.getString("tier"),
                CustomerOverview.decimal(rs.getBigDecimal("clv")),
                CustomerOverview.decimal(rs.getBigDecimal("clv_percentile")),
                CustomerOverview.decimal(rs.getBigDecimal("p_alive")),
                CustomerOverview.decimal(rs.getBigDecimal("expected_purchases")),
                rfm,
                rs.getString("lifecycle_stage"),
                rs.getString("churn_risk"),
                rs.getString("key_account_quadrant"));
    }

    private Contact contact(ResultSet rs) throws SQLException {
        Instant stateAsOf = instant(rs, "state_as_of");
        Instant preferenceAsOf = instant(rs, "preference_as_of");
        if (stateAsOf == null && preferenceAsOf == null) {
            return null;
        }
        String last = rs.getString("last_contacts");
        String due = rs.getString("next_due");
        String windows = rs.getString("policy_windows");
        return new Contact(
                last == null ? List.of() : json.readValue(last, LAST_CONTACTS),
                due == null ? null : json.readValue(due, NextDue.class),
                windows == null ? List.of() : json.readValue(windows, POLICY_WINDOWS),
                stateAsOf,
                rs.getString("preferred_channel"),
                preferenceAsOf);
    }

    private List<ScoreRow> scores(String text) {
        List<ScoreRow> rows = new ArrayList<>();
        for (JsonNode n : array(text)) {
            rows.add(new ScoreRow(
                    n.get("kind").asString(), n.get("score").asInt(), string(n, "category"), time(n, "at")));
        }
        return rows;
    }

    private List<ComplaintRow> complaints(String text) {
        List<ComplaintRow> rows = new ArrayList<>();
        for (JsonNode n : array(text)) {
            rows.add(new ComplaintRow(
                    UUID.fromString(n.get("complaintId").asString()),
                    string(n, "category"),
                    string(n, "severity"),
                    string(n, "channel"),
                    time(n, "openedAt"),
                    time(n, "dueAt"),
                    n.get("breached").asBoolean()));
        }
        return rows;
    }

    private List<TimelineEntry> timeline(String text) {
        List<TimelineEntry> rows = new ArrayList<>();
        for (JsonNode n : array(text)) {
            rows.add(new TimelineEntry(
                    UUID.fromString(n.get("interaction_id").asString()),
                    time(n, "occurred_at"),
                    string(n, "channel"),
                    string(n, "direction"),
                    string(n, "type"),
                    string(n, "purpose"),
                    string(n, "outcome"),
                    string(n, "agent_id"),
                    n.get("duration_seconds").isNull()
                            ? null
                            : n.get("duration_seconds").asInt(),
                    string(n, "campaign_id"),
                    n.get("purchase_intent").asBoolean()));
        }
        return rows;
    }

    private JsonNode array(String text) {
        return text == null ? json.createArrayNode() : json.readTree(text);
    }

    private static String string(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    /** PostgreSQL writes timestamptz into JSON with the session's offset ({@code +00:00}, {@code +08:00}). */
    private static Instant time(JsonNode n, String field) {
        String v = string(n, field);
        return v == null ? null : IsoInstants.parse(v);
    }

    private static Short smallint(ResultSet rs, String column) throws SQLException {
        short value = rs.getShort(column);
        return rs.wasNull() ? null : value;
    }

    static Instant latest(Instant... times) {
        Instant latest = null;
        for (Instant t : times) {
            if (t != null && (latest == null || t.isAfter(latest))) {
                latest = t;
            }
        }
        return latest;
    }
}
