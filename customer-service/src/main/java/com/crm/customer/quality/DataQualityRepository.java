package com.crm.customer.quality;

import com.crm.customer.quality.DataQualityRules.Assessment;
import com.crm.customer.quality.DataQualityRules.Issue;
import com.crm.support.access.SqlCondition;
import com.crm.support.json.StoredJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class DataQualityRepository {

    /** A stored assessment with the customer's name, for lists. */
    record Stored(
            UUID customerId,
            String displayName,
            int score,
            int completeness,
            int validity,
            List<Issue> issues,
            Instant assessedAt) {}

    record Day(LocalDate day, int customers, Double averageScore, int withIssues, Map<String, Integer> byIssue) {}

    private static final String STORED = """
            select q.customer_id, c.display_name, q.score, q.completeness, q.validity, q.issues, q.assessed_at
            from customer_quality q join customer c on c.id = q.customer_id""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DataQualityRepository(JdbcClient jdbc, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.json = storedJson.mapper();
    }

    void save(UUID customerId, Assessment a, Instant at) {
        jdbc.sql("""
                        insert into customer_quality (customer_id, score, completeness, validity, issues, issue_codes,
                          assessed_at)
                        values (:id, :score, :completeness, :validity, cast(:issues as jsonb),
                          array(select jsonb_array_elements_text(cast(:codes as jsonb))), :at)
                        on conflict (customer_id) do update set score = excluded.score,
                          completeness = excluded.completeness, validity = excluded.validity, issues = excluded.issues,
                          issue_codes = excluded.issue_codes, assessed_at = excluded.assessed_at""")
                .param("id", customerId)
                .param("score", a.score())
                .param("completeness", a.completeness())
                .param("validity", a.validity())
                .param("issues", json.writeValueAsString(a.issues()))
                .param(
                        "codes",
                        json.writeValueAsString(
                                a.issues().stream().map(Issue::code).distinct().toList()))
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** Many assessments with one statement (the rows as one JSON array). */
    void saveAll(List<Map.Entry<UUID, Assessment>> assessments, Instant at) {
        if (assessments.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = assessments.stream()
                .map(e -> Map.<String, Object>of(
                        "id", e.getKey(),
                        "score", e.getValue().score(),
                        "completeness", e.getValue().completeness(),
                        "validity", e.getValue().validity(),
                        "issues", e.getValue().issues(),
                        "codes",
                                e.getValue().issues().stream()
                                        .map(Issue::code)
                                        .distinct()
                                        .toList()))
                .toList();
        jdbc.sql("""
                        insert into customer_quality (customer_id, score, completeness, validity, issues, issue_codes,
                          assessed_at)
                        select r.id, r.score, r.completeness, r.validity, r.issues,
                          array(select jsonb_array_elements_text(r.codes)), :at
                        from jsonb_to_recordset(cast(:rows as jsonb))
                          as r(id uuid, score int, completeness int, validity int, issues jsonb, codes jsonb)
                        on conflict (customer_id) do update set score = excluded.score,
                          completeness = excluded.completeness, validity = excluded.validity, issues = excluded.issues,
                          issue_codes = excluded.issue_codes, assessed_at = excluded.assessed_at""")
                .param("rows", json.writeValueAsString(rows))
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    void delete(UUID customerId) {
        jdbc.sql("delete from customer_quality where customer_id = :id")
                .param("id", customerId)
                .update();
    }

    Optional<Stored> find(UUID customerId) {
        return jdbc.sql(STORED + " where q.customer_id = :id")
                .param("id", customerId)
                .query(this::stored)
                .optional();
    }

    /** Live customers not assessed yet (data from before this feature), a page at a time. */
    List<UUID> unassessed(int limit) {
        return jdbc.sql("""
                        select c.id from customer c left join customer_quality q on q.customer_id = c.id
                        where c.deleted_at is null and q.customer_id is null limit :limit""").param("limit", limit).query(UUID.class).list();
    }

    /** Worst first: by score, then id. */
    List<Stored> list(
            String issue,
            Integer minScore,
            Integer maxScore,
            SqlCondition visible,
            Integer afterScore,
            UUID afterId,
            int limit) {
        StringBuilder where = new StringBuilder("c.deleted_at is null");
        Map<String, Object> params = new HashMap<>(visible.params());
        if (!visible.always()) {
            where.append(" and ").append(visible.clause());
        }
        if (issue != null) {
            where.append(" and q.issue_codes @> array[cast(:issue as text)]");
            params.put("issue", issue);
        }
        if (minScore != null) {
            where.append(" and q.score >= :minScore");
            params.put("minScore", minScore);
        }
        if (maxScore != null) {
            where.append(" and q.score <= :maxScore");
            params.put("maxScore", maxScore);
        }
        if (afterScore != null) {
            where.append(" and (q.score, q.customer_id) > (:afterScore, :afterId)");
            params.put("afterScore", afterScore);
            params.put("afterId", afterId);
        }
        return jdbc.sql(STORED + " where " + where + " order by q.score, q.customer_id limit :limit")
                .params(params)
                .param("limit", limit)
                .query(this::stored)
                .list();
    }

    /** Today's figures over live customers. */
    Day today(LocalDate day) {
        Map<String, Integer> byIssue = new LinkedHashMap<>();
        jdbc.sql("""
                        select code, count(*) from customer_quality q join customer c on c.id = q.customer_id,
                          unnest(q.issue_codes) as code
                        where c.deleted_at is null group by code order by count(*) desc, code""")
                .query((rs, n) -> byIssue.put(rs.getString(1), rs.getInt(2)))
                .list();
        return jdbc.sql("""
                        select count(*), avg(q.score), count(*) filter (where cardinality(q.issue_codes) > 0)
                        from customer_quality q join customer c on c.id = q.customer_id where c.deleted_at is null""")
                .query((rs, n) -> new Day(
                        day, rs.getInt(1), rs.getObject(2) == null ? null : rs.getDouble(2), rs.getInt(3), byIssue))
                .single();
    }

    void saveDay(Day d, Instant at) {
        jdbc.sql("""
                        insert into data_quality_daily (day, customers, average_score, with_issues, by_issue, computed_at)
                        values (:day, :customers, :average, :withIssues, cast(:byIssue as jsonb), :at)
                        on conflict (day) do update set customers = excluded.customers,
                          average_score = excluded.average_score, with_issues = excluded.with_issues,
                          by_issue = excluded.by_issue, computed_at = excluded.computed_at""")
                .param("day", d.day())
                .param("customers", d.customers())
                .param("average", d.averageScore())
                .param("withIssues", d.withIssues())
                .param("byIssue", json.writeValueAsString(d.byIssue()))
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    List<Day> days(LocalDate since) {
        return jdbc.sql("select day, customers, average_score, with_issues, by_issue from data_quality_daily"
                        + " where day >= :since order by day")
                .param("since", since)
                .query((rs, n) -> new Day(
                        rs.getObject(1, LocalDate.class),
                        rs.getInt(2),
                        rs.getObject(3) == null ? null : rs.getDouble(3),
                        rs.getInt(4),
                        json.readValue(rs.getString(5), new TypeReference<Map<String, Integer>>() {})))
                .list();
    }

    long openDuplicateCandidates() {
        return jdbc.sql("select count(*) from duplicate_candidate where status = 'OPEN'")
                .query(Long.class)
                .single();
    }

    private Stored stored(ResultSet rs, int row) throws SQLException {
        return new Stored(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getInt(3),
                rs.getInt(4),
                rs.getInt(5),
                json.readValue(rs.getString(6), new TypeReference<List<Issue>>() {}),
                rs.getObject(7, OffsetDateTime.class).toInstant());
    }
}
