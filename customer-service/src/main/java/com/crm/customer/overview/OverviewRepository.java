package com.crm.customer.overview;

import static com.crm.customer.overview.ProjectionRepository.instant;

import com.crm.customer.overview.CustomerOverview.LastContact;
import com.crm.customer.overview.CustomerOverview.NextDue;
import com.crm.customer.overview.CustomerOverview.PolicyWindow;
import com.crm.customer.overview.CustomerOverview.Rfm;
import com.crm.customer.overview.CustomerOverview.TimelineEntry;
import com.crm.customer.overview.CustomerOverview.ValueSection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads every projected section of one customer in a single statement (primary-key and index lookups only). */
@Repository
class OverviewRepository {

    /** What the projections hold about one customer; a part is null (or empty) when its source has not reported. */
    record Projected(ValueSection value, Contact contact, List<ScoreRow> scores, List<ComplaintRow> openComplaints,
                     Instant complaintsAt, List<TimelineEntry> timeline) {
    }

    record Contact(List<LastContact> lastContacts, NextDue nextDue, List<PolicyWindow> policyWindows, Instant stateAsOf,
                   String preferredChannel, Instant preferenceAsOf) {
    }

    record ScoreRow(String kind, int score, String category, Instant at) {
    }

    record ComplaintRow(UUID complaintId, String category, String severity, String channel, Instant openedAt,
                        Instant dueAt, boolean breached) {
    }

    private static final String SQL = """
            select v.tier, v.clv, v.tier_at, v.clv_percentile, v.p_alive, v.expected_purchases, v.rfm_recency,
                   v.rfm_frequency, v.rfm_monetary, v.rfm_segment, v.key_account_quadrant, v.churn_risk, v.scores_at,
                   v.lifecycle_stage, v.stage_at,
                   cast(c.last_contacts as text) as last_contacts, cast(c.next_due as text) as next_due,
                   cast(c.policy_windows as text) as policy_windows, c.state_as_of, c.preferred_channel,
                   c.preference_as_of,
                   (select cast(jsonb_agg(jsonb_build_object('kind', s.kind, 'score', s.score,
                                'category', s.nps_category, 'at', s.submitted_at)) as text)
                    from projected_feedback_score s where s.customer_id = k.id) as scores,
                   (select cast(jsonb_agg(jsonb_build_object('complaintId', p.complaint_id, 'category', p.category,
                                'severity', p.severity, 'channel', p.channel, 'openedAt', p.opened_at,
                                'dueAt', p.due_at, 'breached', p.breached)
                                order by p.due_at nulls last, p.complaint_id) as text)
                    from projected_complaint p where p.customer_id = k.id and p.status = 'OPEN') as open_complaints,
                   (select max(p.updated_at) from projected_complaint p where p.customer_id = k.id) as complaints_at,
                   (select cast(jsonb_agg(to_jsonb(t) order by t.occurred_at desc, t.interaction_id desc) as text)
                    from (select i.interaction_id, i.occurred_at, i.channel, i.direction, i.type, i.purpose,
                                 i.outcome, i.agent_id, i.duration_seconds, i.campaign_id, i.purchase_intent
                          from projected_interaction i where i.customer_id = k.id
                          order by i.occurred_at desc, i.interaction_id desc limit :limit) t) as timeline
            from (select cast(:id as uuid) as id) k
            left join projected_value v on v.customer_id = k.id
            left join projected_contact c on c.customer_id = k.id""";

    private static final TypeReference<List<LastContact>> LAST_CONTACTS = new TypeReference<>() {
    };
    private static final TypeReference<List<PolicyWindow>> POLICY_WINDOWS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OverviewRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Projected find(UUID customerId, int timelineSize) {
        return jdbc.sql(SQL).param("id", customerId).param("limit", timelineSize).query(this::map).single();
    }

    private Projected map(ResultSet rs, int row) throws SQLException {
        return new Projected(value(rs), contact(rs), scores(rs.getString("scores")),
                complaints(rs.getString("open_complaints")), instant(rs, "complaints_at"),
                timeline(rs.getString("timeline")));
    }

    private static ValueSection value(ResultSet rs) throws SQLException {
        Instant asOf = latest(instant(rs, "tier_at"), instant(rs, "scores_at"), instant(rs, "stage_at"));
        if (asOf == null) {
            return null;
        }
        Rfm rfm = rs.getObject("rfm_recency") == null && rs.getString("rfm_segment") == null ? null
                : new Rfm(smallint(rs, "rfm_recency"), smallint(rs, "rfm_frequency"), smallint(rs, "rfm_monetary"),
                rs.getString("rfm_segment"));
        return new ValueSection(CustomerOverview.KNOWN, asOf, rs.getString("tier"),
                CustomerOverview.decimal(rs.getBigDecimal("clv")),
                CustomerOverview.decimal(rs.getBigDecimal("clv_percentile")),
                CustomerOverview.decimal(rs.getBigDecimal("p_alive")),
                CustomerOverview.decimal(rs.getBigDecimal("expected_purchases")), rfm, rs.getString("lifecycle_stage"),
                rs.getString("churn_risk"), rs.getString("key_account_quadrant"));
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
        return new Contact(last == null ? List.of() : json.readValue(last, LAST_CONTACTS),
                due == null ? null : json.readValue(due, NextDue.class),
                windows == null ? List.of() : json.readValue(windows, POLICY_WINDOWS), stateAsOf,
                rs.getString("preferred_channel"), preferenceAsOf);
    }

    private List<ScoreRow> scores(String text) {
        List<ScoreRow> rows = new ArrayList<>();
        for (JsonNode n : array(text)) {
            rows.add(new ScoreRow(n.get("kind").asString(), n.get("score").asInt(), string(n, "category"),
                    time(n, "at")));
        }
        return rows;
    }

    private List<ComplaintRow> complaints(String text) {
        List<ComplaintRow> rows = new ArrayList<>();
        for (JsonNode n : array(text)) {
            rows.add(new ComplaintRow(UUID.fromString(n.get("complaintId").asString()), string(n, "category"),
                    string(n, "severity"), string(n, "channel"), time(n, "openedAt"), time(n, "dueAt"),
                    n.get("breached").asBoolean()));
        }
        return rows;
    }

    private List<TimelineEntry> timeline(String text) {
        List<TimelineEntry> rows = new ArrayList<>();
        for (JsonNode n : array(text)) {
            rows.add(new TimelineEntry(UUID.fromString(n.get("interaction_id").asString()), time(n, "occurred_at"),
                    string(n, "channel"), string(n, "direction"), string(n, "type"), string(n, "purpose"),
                    string(n, "outcome"), string(n, "agent_id"),
                    n.get("duration_seconds").isNull() ? null : n.get("duration_seconds").asInt(),
                    string(n, "campaign_id"), n.get("purchase_intent").asBoolean()));
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
        return v == null ? null : OffsetDateTime.parse(v).toInstant();
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
