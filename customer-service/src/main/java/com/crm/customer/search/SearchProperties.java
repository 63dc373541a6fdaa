package com.crm.customer.search;

import com.crm.customer.profile.CustomerType;
import com.crm.customer.property.CustomProperties;
import com.crm.customer.property.CustomProperty;
import com.crm.customer.search.SearchProperty.Match;
import com.crm.customer.search.SearchProperty.SortKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The properties a customer search can filter and sort on, by name: the standard profile properties and the value
 * scores segmentation-service projects, and every active custom property by its plain name (as HubSpot names them;
 * a standard name always wins, and no custom property can take one): its expression reads the customer's
 * {@code properties} jsonb, typed (numeric, date, timestamptz, boolean) so comparisons and sorts are by value, not
 * text. Every request is checked against this registry before any SQL is built.
 */
@Component
class SearchProperties {

    static final List<String> TIERS = List.of("C", "B", "A", "S");
    static final List<String> STAGES = List.of("PROSPECT", "NEW", "GROWING", "MATURE", "DECLINING", "CHURNED");

    /** Projected as a decimal string; anything else reads as not scored rather than failing the query. */
    static final String CHURN_RISK_SQL =
            "(case when pv.churn_risk ~ '^-?[0-9]+([.][0-9]+)?$' then cast(pv.churn_risk as numeric) end)";

    private final Map<String, SearchProperty> byName;
    private final CustomProperties custom;

    SearchProperties(CustomProperties custom) {
        this.custom = custom;
        Map<String, SearchProperty> all = new LinkedHashMap<>();
        for (SearchProperty p : standard()) {
            all.put(p.name(), p);
        }
        this.byName = Collections.unmodifiableMap(all);
    }

    Optional<SearchProperty> find(String name) {
        SearchProperty standard = byName.get(name);
        if (standard != null || custom == null) {
            return Optional.ofNullable(standard);
        }
        return custom.findActive(name).map(SearchProperties::custom);
    }

    /**
     * A custom property as a search property. Its name matched {@code ^[a-z][a-z0-9_]{0,62}$} when it was defined,
     * so it is safe as a literal in the expression (which keeps the expression the same for every request).
     */
    static SearchProperty custom(CustomProperty p) {
        String name = p.name();
        String text = "(c.properties ->> '" + name + "')";
        String description = p.label() + " (custom " + p.type() + ")";
        SearchProperty property = switch (p.type()) {
            case STRING ->
                SearchProperty.of(name, PropertyType.STRING, text, description).sortable(SortKey.TEXT);
            case NUMBER, DECIMAL ->
                SearchProperty.of(name, PropertyType.NUMBER, "cast(" + text + " as numeric)", description)
                        .sortable(SortKey.NUMBER);
            case DATE ->
                SearchProperty.of(name, PropertyType.DATE, "cast(" + text + " as date)", description)
                        .sortable(SortKey.DATE);
            case DATETIME ->
                SearchProperty.of(name, PropertyType.DATE_TIME, "cast(" + text + " as timestamptz)", description)
                        .sortable(SortKey.TIMESTAMP);
            case BOOLEAN -> SearchProperty.of(name, PropertyType.BOOLEAN, "cast(" + text + " as boolean)", description);
            case ENUM ->
                SearchProperty.of(name, PropertyType.ENUM, text, description)
                        .allowing(p.options().stream()
                                .map(CustomProperty.Option::value)
                                .toList())
                        .sortable(SortKey.TEXT);
            case MULTI_ENUM ->
                SearchProperty.of(
                                name,
                                PropertyType.TAGS,
                                "array(select jsonb_array_elements_text(c.properties -> '" + name + "'))",
                                description)
                        .multiValued(Match.EXACT)
                        .allowing(p.options().stream()
                                .map(CustomProperty.Option::value)
                                .toList());
        };
        return property.custom(name);
    }

    Collection<SearchProperty> all() {
        return byName.values();
    }

    private static List<SearchProperty> standard() {
        return List.of(
                SearchProperty.of("type", PropertyType.ENUM, "c.type", "PERSON or ORGANIZATION")
                        .allowing(Arrays.stream(CustomerType.values())
                                .map(Enum::name)
                                .toList())
                        .sortable(SortKey.TEXT),
                text("displayName", "c.display_name", "the name shown"),
                text("givenName", "c.given_name", "given name"),
                text("familyName", "c.family_name", "family name"),
                SearchProperty.of(
                                "email",
                                PropertyType.STRING,
                                "c.email_keys",
                                "any of the e-mail addresses, case-insensitively")
                        .multiValued(Match.EMAIL),
                SearchProperty.of(
                                "phone",
                                PropertyType.STRING,
                                "c.phone_keys",
                                "any of the phone numbers, in any dialable form; CONTAINS_TOKEN matches digits")
                        .multiValued(Match.PHONE),
                text("wechatId", "c.wechat_id", "WeChat id"),
                text("company", "c.company", "company"),
                text("jobTitle", "c.job_title", "job title"),
                text("industry", "c.industry", "industry"),
                text("region", "c.region", "region"),
                text("timeZone", "c.time_zone", "IANA time zone"),
                text("ownerId", "c.owner_id", "the owning user's id"),
                text("teamId", "c.team_id", "the owning team's id"),
                SearchProperty.of("tags", PropertyType.TAGS, "c.tags", "tags, exactly as stored")
                        .multiValued(Match.EXACT),
                SearchProperty.of("birthday", PropertyType.DATE, "c.birthday", "birthday")
                        .sortable(SortKey.DATE),
                SearchProperty.of("createdAt", PropertyType.DATE_TIME, "c.created_at", "when registered")
                        .sortable(SortKey.TIMESTAMP),
                SearchProperty.of("updatedAt", PropertyType.DATE_TIME, "c.updated_at", "when last changed")
                        .sortable(SortKey.TIMESTAMP),
                SearchProperty.of("tier", PropertyType.ENUM, "pv.tier", "value tier, sorted by rank C < B < A < S")
                        .allowing(TIERS)
                        .sortedBy(rank("pv.tier", TIERS), SortKey.INTEGER)
                        .scored(),
                SearchProperty.of("clv", PropertyType.NUMBER, "pv.clv", "customer lifetime value")
                        .sortable(SortKey.NUMBER)
                        .scored(),
                SearchProperty.of("clvPercentile", PropertyType.NUMBER, "pv.clv_percentile", "CLV percentile, 0 to 100")
                        .sortable(SortKey.NUMBER)
                        .scored(),
                SearchProperty.of(
                                "lifecycleStage",
                                PropertyType.ENUM,
                                "pv.lifecycle_stage",
                                "lifecycle stage, sorted in life order PROSPECT < NEW < GROWING < MATURE < DECLINING < CHURNED")
                        .allowing(STAGES)
                        .sortedBy(rank("pv.lifecycle_stage", STAGES), SortKey.INTEGER)
                        .scored(),
                SearchProperty.of("churnRisk", PropertyType.NUMBER, CHURN_RISK_SQL, "churn risk, 0 to 1")
                        .sortable(SortKey.NUMBER)
                        .scored());
    }

    private static SearchProperty text(String name, String sql, String description) {
        return SearchProperty.of(name, PropertyType.STRING, sql, description).sortable(SortKey.TEXT);
    }

    /** The position of an enum value in {@code ranked} (1-based), for sorting by rank; the values are constants. */
    private static String rank(String sql, List<String> ranked) {
        return "array_position(cast(array["
                + String.join(",", ranked.stream().map(v -> "'" + v + "'").toList()) + "] as text[]), cast(" + sql
                + " as text))";
    }
}
