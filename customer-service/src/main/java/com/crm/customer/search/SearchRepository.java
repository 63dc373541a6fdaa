package com.crm.customer.search;

import com.crm.customer.search.SearchProperty.SortKey;
import com.crm.support.access.SqlCondition;
import com.crm.support.access.Visibility;
import com.crm.support.json.StoredJson;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of customer search: live customers (never deleted, merged or erased ones) within the caller's visibility
 * that match the query, with the value scores segmentation-service projects left-joined when a filter or sort needs
 * them.
 */
@Repository
class SearchRepository {

    private static final String VALUE_JOIN = " left join projected_value pv on pv.customer_id = c.id";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SearchRepository(JdbcClient jdbc, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.json = storedJson.mapper();
    }

    /** A customer of a page and its sort values (one per sort, null where it has none): the cursor after it. */
    record Row(UUID id, List<Object> sortValues) {}

    /**
     * A page and, when finding it told, how many match after the cursor (at most the {@code atMost} it was asked
     * with), else null.
     */
    record Page(List<Row> rows, Long matched) {}

    /**
     * The customers after the query's cursor in its order, at most {@code limit}. A search by free text or by e-mails
     * or phones first finds its matches by their indexes, up to {@code atMost}, and orders them: PostgreSQL cannot
     * estimate how few a substring or a lookup key matches (it guessed 1,700 of a million for 20, and 5,000 for 1) and
     * would walk the sort order to meet them, reading every customer when they are few. Only when there are that many
     * is the sort order walked, where they are then dense.
     */
    Page page(SearchQuery q, Visibility visibility, int limit, long atMost) {
        planForTheirValues();
        Source source = Source.of(q, q.scored(), q.readsCustomer(q.groups().size(), true), visibility);
        if (q.text() == null && !q.narrowedByLookupKeys()) {
            return new Page(walk(q, source, limit), null);
        }
        SearchSql sql = new SearchSql(json, source.id());
        String statement = "with found as materialized (" + found(q, source, sql) + " limit :foundLimit)"
                + " select found.*, (select count(*) from found) as found_count from found order by "
                + SearchSql.orderByColumns(q) + " limit :searchLimit";
        long[] matched = {0};
        List<Row> rows = jdbc.sql(statement)
                .params(source.visible().params())
                .params(sql.params())
                .param("foundLimit", atMost)
                .param("searchLimit", limit)
                .query((rs, n) -> {
                    matched[0] = rs.getLong("found_count");
                    return row(rs, q);
                })
                .list();
        return matched[0] < atMost ? new Page(rows, matched[0]) : new Page(walk(q, source, limit), atMost);
    }

    /**
     * Plans the search's statements (this one and the count after it, in the caller's transaction) for the values
     * they carry. A statement run often enough is otherwise given a generic plan, one for any value, which knows
     * neither how few a filter value keeps nor how soon a limit stops: the count of the two-group search went from 17
     * to 97 ms at its tenth run at 1,000,000 customers. Planning for the values costs a millisecond or two.
     */
    private void planForTheirValues() {
        jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
    }

    private List<Row> walk(SearchQuery q, Source source, int limit) {
        SearchSql sql = new SearchSql(json, source.id());
        return jdbc.sql(found(q, source, sql) + " order by " + sql.orderBy(q) + " limit :searchLimit")
                .params(source.visible().params())
                .params(sql.params())
                .param("searchLimit", limit)
                .query((rs, n) -> row(rs, q))
                .list();
    }

    private static String found(SearchQuery q, Source source, SearchSql sql) {
        return "select " + source.id() + " as id" + SearchSql.sortColumns(q) + source.from() + " where "
                + source.live() + " and " + source.visible().clause() + " and " + sql.matches(q) + " and "
                + sql.after(q);
    }

    /**
     * How many customers match the query (ignoring its cursor and limit), counted no further than {@code atMost}: a
     * count of every match of a broad query is most of its cost and tells a reader no more than "over 10,000". Each
     * filter group is counted by a statement of its own (a customer in the first group it matches), answered by its
     * own indexes, until enough are counted: one statement of them all, as a union, runs the groups in parallel
     * workers that cannot be stopped once enough are found.
     */
    long count(SearchQuery q, Visibility visibility, long atMost) {
        SearchSql sql = new SearchSql(json, "c.id");
        List<String> groups = sql.matchesByGroup(q);
        long counted = 0;
        for (int i = 0; i < groups.size(); i++) {
            // a group is counted on the value scores alone when it needs them and nothing of the customer but its
            // liveness, owner and team, which they hold too (V32)
            Source source = q.groups().isEmpty()
                    ? Source.of(q, false, true, visibility)
                    : Source.of(q, SearchQuery.scored(q.groups().get(i)), q.readsCustomer(i + 1, false), visibility);
            String statement = "select count(*) from (select 1" + source.from() + " where " + source.live() + " and "
                    + source.visible().clause() + " and " + groups.get(i) + " limit :countLimit) counted";
            counted += jdbc.sql(statement)
                    .params(source.visible().params())
                    .params(sql.params())
                    .param("countLimit", atMost - counted)
                    .query(Long.class)
                    .single();
            if (counted >= atMost) {
                break;
            }
        }
        return counted;
    }

    /**
     * What a statement reads customers from, how it tells a live one and which the caller sees. A statement whose
     * every match has value scores and that reads nothing else of the customer reads the scores alone, and checks
     * liveness and visibility on their copies there (V32, kept by triggers): so the scores' indexes answer it without
     * probing the customer table once per candidate. Otherwise customers are read, the scores left-joined when needed
     * (their liveness and visibility on the customer's own columns, which its partial indexes are built on, and on
     * the scores' copies too when every match has scores).
     *
     * @param id the customer's id in the statement
     */
    private record Source(String from, String id, String live, SqlCondition visible) {

        static Source of(SearchQuery q, boolean scored, boolean readsCustomer, Visibility visibility) {
            SqlCondition onScores = visibility.sql("pv.owner_id", "pv.team_id");
            if (scored && !readsCustomer) {
                return new Source(" from projected_value pv", "pv.customer_id", "pv.customer_live", onScores);
            }
            SqlCondition onCustomer = visibility.sql("c.owner_id", "c.team_id");
            if (scored) {
                // the same conditions on the scores as well: a walk of a scores' index in the sort order then
                // probes only the customers the caller sees (24 of 494 for a manager's team of a tenth)
                Map<String, Object> params = new HashMap<>(onCustomer.params());
                params.putAll(onScores.params());
                return new Source(
                        " from customer c" + VALUE_JOIN,
                        "c.id",
                        "c.deleted_at is null and pv.customer_live",
                        new SqlCondition("(" + onCustomer.clause() + " and " + onScores.clause() + ")", params));
            }
            return new Source(
                    " from customer c" + (q.needsValueScores() ? VALUE_JOIN : ""),
                    "c.id",
                    "c.deleted_at is null",
                    onCustomer);
        }
    }

    /** The value scores of these customers, for those scored. */
    Map<UUID, ValueScores> valueScores(Collection<UUID> ids) {
        Map<UUID, ValueScores> scores = new HashMap<>();
        if (ids.isEmpty()) {
            return scores;
        }
        jdbc.sql("select customer_id, tier, clv, clv_percentile, lifecycle_stage, " + SearchProperties.CHURN_RISK_SQL
                        + " as churn_risk from projected_value pv where customer_id in (:ids)")
                .param("ids", ids)
                .query((rs, n) -> scores.put(
                        rs.getObject("customer_id", UUID.class),
                        new ValueScores(
                                rs.getString("tier"),
                                decimal(rs.getBigDecimal("clv")),
                                decimal(rs.getBigDecimal("clv_percentile")),
                                rs.getString("lifecycle_stage"),
                                decimal(rs.getBigDecimal("churn_risk")))))
                .list();
        return scores;
    }

    private static Row row(ResultSet rs, SearchQuery q) throws SQLException {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < q.sorts().size(); i++) {
            String column = "sort" + i;
            SortKey key = q.sorts().get(i).property().sortKey();
            values.add(
                    switch (key) {
                        case TEXT -> rs.getString(column);
                        case NUMBER -> rs.getBigDecimal(column);
                        case DATE -> rs.getObject(column, LocalDate.class);
                        case TIMESTAMP -> rs.getObject(column, OffsetDateTime.class);
                        case INTEGER -> rs.getObject(column, Integer.class);
                    });
        }
        return new Row(rs.getObject("id", UUID.class), values);
    }

    private static String decimal(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }
}
