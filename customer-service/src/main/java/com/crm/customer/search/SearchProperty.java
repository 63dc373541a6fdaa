package com.crm.customer.search;

import java.util.List;
import java.util.Set;

/**
 * One property a search can filter on (and, when {@code sortable}, sort by): its name in requests, its type and the
 * SQL expression it reads. Expressions are fixed strings of this service over the aliases {@code c} (customer) and
 * {@code pv} (projected_value, left-joined when {@code valueScore}); request values are only ever bound parameters.
 *
 * @param sql          the expression filtered on; a {@code text[]} for a multi-valued property
 * @param multiValued  a list of values (e-mails, phones, tags): EQ means "has this one"
 * @param sortSql      the expression sorted by (e.g. a tier's rank), null when not sortable
 * @param sortKey      how a sort value is carried in a cursor
 * @param enumValues   the allowed values of an enum property, in rank order when the sort is by rank
 * @param match        how a string value is normalised before it is compared
 * @param valueScore   read from the value scores segmentation-service projects (null when not scored)
 * @param customName   the custom property read from {@code c.properties} (null for a standard property): equality
 *                     is then asked as jsonb containment, which the GIN index on the values answers
 */
record SearchProperty(
        String name,
        PropertyType type,
        String sql,
        boolean multiValued,
        String sortSql,
        SortKey sortKey,
        List<String> enumValues,
        Match match,
        boolean valueScore,
        String description,
        String customName) {

    /** How a sort value travels in a cursor (and is bound again, with its SQL type). */
    enum SortKey {
        TEXT,
        NUMBER,
        DATE,
        TIMESTAMP,
        INTEGER
    }

    /** How a filter value is compared. */
    enum Match {
        /** As given. */
        EXACT,
        /** E-mail addresses: trimmed and lower-cased, as their lookup keys are stored. */
        EMAIL,
        /** Phone numbers: normalised to E.164, as their lookup keys are stored; a token matches digits. */
        PHONE
    }

    SearchProperty {
        enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
    }

    boolean sortable() {
        return sortSql != null;
    }

    Set<Operator> operators() {
        return type.operators();
    }

    static SearchProperty of(String name, PropertyType type, String sql, String description) {
        return new SearchProperty(name, type, sql, false, null, null, List.of(), Match.EXACT, false, description, null);
    }

    SearchProperty sortable(SortKey key) {
        return new SearchProperty(
                name, type, sql, multiValued, sql, key, enumValues, match, valueScore, description, customName);
    }

    SearchProperty sortedBy(String expression, SortKey key) {
        return new SearchProperty(
                name, type, sql, multiValued, expression, key, enumValues, match, valueScore, description, customName);
    }

    SearchProperty multiValued(Match how) {
        return new SearchProperty(
                name, type, sql, true, sortSql, sortKey, enumValues, how, valueScore, description, customName);
    }

    SearchProperty allowing(List<String> values) {
        return new SearchProperty(
                name, type, sql, multiValued, sortSql, sortKey, values, match, valueScore, description, customName);
    }

    SearchProperty custom(String propertyName) {
        return new SearchProperty(
                name,
                type,
                sql,
                multiValued,
                sortSql,
                sortKey,
                enumValues,
                match,
                valueScore,
                description,
                propertyName);
    }

    SearchProperty scored() {
        return new SearchProperty(
                name, type, sql, multiValued, sortSql, sortKey, enumValues, match, true, description, customName);
    }
}
