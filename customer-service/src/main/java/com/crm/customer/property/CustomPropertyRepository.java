package com.crm.customer.property;

import com.crm.customer.property.CustomProperty.Option;
import com.crm.support.json.StoredJson;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Custom property definitions, the set-based checks of what existing customers hold, and the side table that keeps
 * unique values unique. Property names are checked against {@link DefinitionRules#NAME} before they reach a
 * statement, so they may appear in it as literals (an expression index can then apply); values are always bound.
 */
@Repository
class CustomPropertyRepository {

    /** Key of the required definitions cached for the current transaction. */
    private static final Object REQUIRED = new Object();

    private static final String COLUMNS = """
            name, label, description, group_name, type, options, required, unique_values, pattern, min_value, max_value,
            personal_data, archived, created_at, updated_at, version""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CustomPropertyRepository(JdbcClient jdbc, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.json = storedJson.mapper();
    }

    List<CustomProperty> all() {
        return jdbc.sql("select " + COLUMNS + " from customer_property order by group_name nulls first, name")
                .query(this::map)
                .list();
    }

    long count() {
        return jdbc.sql("select count(*) from customer_property")
                .query(Long.class)
                .single();
    }

    Optional<CustomProperty> find(String name) {
        return jdbc.sql("select " + COLUMNS + " from customer_property where name = :name")
                .param("name", name)
                .query(this::map)
                .optional();
    }

    /** Locks the definition until the transaction ends: customer writes using it wait (they lock it to share). */
    Optional<CustomProperty> findForUpdate(String name) {
        return jdbc.sql("select " + COLUMNS + " from customer_property where name = :name for update")
                .param("name", name)
                .query(this::map)
                .optional();
    }

    /**
     * The definitions a customer write needs: those it names, locked to share so no definition changes under a
     * write in flight, and every required active one.
     */
    Map<String, CustomProperty> forWrite(Collection<String> names) {
        Map<String, CustomProperty> found = new LinkedHashMap<>();
        if (!names.isEmpty()) {
            jdbc.sql("select " + COLUMNS + " from customer_property where name in (:names) order by name for share")
                    .param("names", names)
                    .query(this::map)
                    .list()
                    .forEach(p -> found.put(p.name(), p));
        }
        requiredInTransaction().forEach(p -> found.putIfAbsent(p.name(), p));
        return found;
    }

    /**
     * The required definitions, read once per transaction: a batch or an import chunk validates thousands of
     * customers in one transaction and would otherwise ask for the same rows once per customer.
     */
    private List<CustomProperty> requiredInTransaction() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return required();
        }
        @SuppressWarnings("unchecked")
        List<CustomProperty> cached = (List<CustomProperty>) TransactionSynchronizationManager.getResource(REQUIRED);
        if (cached == null) {
            cached = required();
            TransactionSynchronizationManager.bindResource(REQUIRED, cached);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(REQUIRED);
                }
            });
        }
        return cached;
    }

    private List<CustomProperty> required() {
        return jdbc.sql("select " + COLUMNS + " from customer_property where required and not archived")
                .query(this::map)
                .list();
    }

    Map<String, CustomProperty> byNames(Collection<String> names) {
        Map<String, CustomProperty> found = new HashMap<>();
        if (names.isEmpty()) {
            return found;
        }
        jdbc.sql("select " + COLUMNS + " from customer_property where name in (:names)")
                .param("names", names)
                .query(this::map)
                .list()
                .forEach(p -> found.put(p.name(), p));
        return found;
    }

    /** @return false when the name is taken */
    boolean insert(CustomProperty p) {
        return jdbc.sql("insert into customer_property (" + COLUMNS + ") values (:name, :label, :description, :group,"
                                + " :type, cast(:options as jsonb), :required, :unique, :pattern, :min, :max,"
                                + " :personalData, :archived, :createdAt, :updatedAt, :version) on conflict do nothing")
                        .params(params(p))
                        .update()
                == 1;
    }

    boolean update(CustomProperty p, long expectedVersion) {
        return jdbc.sql("""
                                update customer_property set label = :label, description = :description,
                                  group_name = :group, type = :type, options = cast(:options as jsonb),
                                  required = :required, unique_values = :unique, pattern = :pattern, min_value = :min,
                                  max_value = :max, personal_data = :personalData, archived = :archived,
                                  updated_at = :updatedAt, version = :version
                                where name = :name and version = :expectedVersion""")
                        .params(params(p))
                        .param("expectedVersion", expectedVersion)
                        .update()
                == 1;
    }

    /** Whether PostgreSQL compiles the pattern too (existing values are checked against it there). */
    boolean compilesInDatabase(String pattern) {
        return Boolean.TRUE.equals(jdbc.sql("select customer_property_regex_valid(:pattern)")
                .param("pattern", pattern)
                .query(Boolean.class)
                .single());
    }

    // ---- what existing customers hold: counted in SQL, over every stored customer holding a value ----

    /** Customers whose value of the property is not of {@code type}. */
    long countNotOfType(String name, CustomPropertyType type) {
        return countHolding(name, notOfType(name, type), Map.of());
    }

    /** Customers holding a value (of the right type) that is not one of {@code options}. */
    long countOutsideOptions(String name, CustomPropertyType type, List<String> options) {
        String v = value(name);
        String outside = type == CustomPropertyType.MULTI_ENUM
                ? "exists (select 1 from jsonb_array_elements_text(" + v + ") o where o <> all(" + textArray() + "))"
                : "not (" + text(name) + " = any(" + textArray() + "))";
        return countHolding(name, guarded(name, type, outside), Map.of("values", json.writeValueAsString(options)));
    }

    /** Customers holding a STRING value the whole of which does not match the pattern. */
    long countNotMatching(String name, String pattern) {
        return countHolding(
                name,
                guarded(name, CustomPropertyType.STRING, "not (" + text(name) + " ~ :pattern)"),
                Map.of("pattern", "^(?:" + pattern + ")$"));
    }

    /** Customers whose value (or, for STRING, its length) is below {@code min} ({@code below}) or above it. */
    long countBeyond(String name, CustomPropertyType type, Object bound, boolean below) {
        String op = below ? " < " : " > ";
        String condition = switch (type) {
            case STRING -> "char_length(" + text(name) + ")" + op + "cast(:bound as integer)";
            case NUMBER, DECIMAL -> "cast(" + text(name) + " as numeric)" + op + "cast(:bound as numeric)";
            case DATE -> "cast(" + text(name) + " as date)" + op + "cast(:bound as date)";
            case DATETIME -> "cast(" + text(name) + " as timestamptz)" + op + "cast(:bound as timestamptz)";
            default -> "false";
        };
        return countHolding(name, guarded(name, type, condition), Map.of("bound", boundText(bound)));
    }

    /** Active customers without a value. */
    long countMissing(String name) {
        return jdbc.sql("select count(*) from customer where status = 'ACTIVE' and not jsonb_exists(properties, :name)")
                .param("name", name)
                .query(Long.class)
                .single();
    }

    /** Active customers sharing their value with another active customer. */
    long countDuplicated(String name) {
        return jdbc.sql("select coalesce(sum(n), 0) from (select count(*) as n from customer"
                        + " where status = 'ACTIVE' and jsonb_exists(properties, :name) group by properties ->> :name"
                        + " having count(*) > 1) d")
                .param("name", name)
                .query(Long.class)
                .single();
    }

    private long countHolding(String name, String condition, Map<String, Object> params) {
        return jdbc.sql("select count(*) from customer c where jsonb_exists(c.properties, :name) and " + condition)
                .param("name", name)
                .params(params)
                .query(Long.class)
                .single();
    }

    /** {@code condition} for values of the right type only (a value of another type is counted as such). */
    private static String guarded(String name, CustomPropertyType type, String condition) {
        return "(case when " + notOfType(name, type) + " then false else " + condition + " end)";
    }

    /** Whether the stored value is not of the type (PostgreSQL checks dates, instants and numbers by parsing). */
    static String notOfType(String name, CustomPropertyType type) {
        String v = value(name);
        String t = text(name);
        return switch (type) {
            case STRING, ENUM -> "jsonb_typeof(" + v + ") <> 'string'";
            case NUMBER -> "(jsonb_typeof(" + v + ") <> 'number' or not pg_input_is_valid(" + t + ", 'bigint'))";
            case DECIMAL -> "jsonb_typeof(" + v + ") <> 'number'";
            case DATE ->
                "(jsonb_typeof(" + v + ") <> 'string' or " + t + " !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'"
                        + " or not pg_input_is_valid(" + t + ", 'date'))";
            case DATETIME ->
                "(jsonb_typeof(" + v + ") <> 'string' or " + t + " !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T'"
                        + " or not pg_input_is_valid(" + t + ", 'timestamptz'))";
            case BOOLEAN -> "jsonb_typeof(" + v + ") <> 'boolean'";
            case MULTI_ENUM ->
                "(jsonb_typeof(" + v + ") <> 'array' or exists (select 1 from jsonb_array_elements(" + v
                        + ") e where jsonb_typeof(e) <> 'string'))";
        };
    }

    private static String value(String name) {
        return "c.properties -> '" + checked(name) + "'";
    }

    private static String text(String name) {
        return "(c.properties ->> '" + checked(name) + "')";
    }

    private static String checked(String name) {
        if (!DefinitionRules.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a property name");
        }
        return name;
    }

    private static String textArray() {
        return "array(select jsonb_array_elements_text(cast(:values as jsonb)))";
    }

    // ---- unique values ----

    /**
     * Holds the unique values of the customer in the side table: drops what it held, then claims each value of
     * its unique properties (none for a customer no longer active). A value another active customer holds, even
     * in a transaction not yet committed (the claim waits for it), is not claimed.
     *
     * @return the names of the properties whose value another customer holds
     */
    List<String> claimUnique(UUID customerId) {
        jdbc.sql("delete from customer_property_unique where customer_id = :id")
                .param("id", customerId)
                .update();
        return jdbc.sql("""
                        with wanted as (
                            select d.name, c.properties ->> d.name as value
                            from customer c join customer_property d
                              on d.unique_values and not d.archived and jsonb_exists(c.properties, d.name)
                            where c.id = :id and c.status = 'ACTIVE'),
                        claimed as (
                            insert into customer_property_unique (property, value, customer_id)
                            select name, value, :id from wanted
                            on conflict do nothing
                            returning property)
                        select name from wanted where name not in (select property from claimed) order by name""").param("id", customerId).query(String.class).list();
    }

    /** The side table's rows of one property rebuilt from the active customers (after it became unique). */
    void rebuildUnique(String name) {
        dropUnique(name);
        jdbc.sql("""
                        insert into customer_property_unique (property, value, customer_id)
                        select :name, properties ->> :name, id from customer
                        where status = 'ACTIVE' and jsonb_exists(properties, :name)""").param("name", name).update();
    }

    void dropUnique(String name) {
        jdbc.sql("delete from customer_property_unique where property = :name")
                .param("name", name)
                .update();
    }

    // ---- mapping ----

    private Map<String, Object> params(CustomProperty p) {
        Map<String, Object> params = new HashMap<>();
        params.put("name", p.name());
        params.put("label", p.label());
        params.put("description", p.description());
        params.put("group", p.group());
        params.put("type", p.type().name());
        params.put("options", json.writeValueAsString(p.options()));
        params.put("required", p.required());
        params.put("unique", p.unique());
        params.put("pattern", p.pattern());
        params.put("min", p.min() == null ? null : boundText(p.min()));
        params.put("max", p.max() == null ? null : boundText(p.max()));
        params.put("personalData", p.personalData());
        params.put("archived", p.archived());
        params.put("createdAt", p.createdAt().atOffset(ZoneOffset.UTC));
        params.put("updatedAt", p.updatedAt().atOffset(ZoneOffset.UTC));
        params.put("version", p.version());
        return params;
    }

    private static String boundText(Object bound) {
        return bound instanceof BigDecimal d ? d.toPlainString() : bound.toString();
    }

    private CustomProperty map(ResultSet rs, int row) throws SQLException {
        CustomPropertyType type = CustomPropertyType.valueOf(rs.getString("type"));
        return new CustomProperty(
                rs.getString("name"),
                rs.getString("label"),
                rs.getString("description"),
                rs.getString("group_name"),
                type,
                json.readValue(rs.getString("options"), new TypeReference<List<Option>>() {}),
                rs.getBoolean("required"),
                rs.getBoolean("unique_values"),
                rs.getString("pattern"),
                bound(rs.getString("min_value"), type),
                bound(rs.getString("max_value"), type),
                rs.getBoolean("personal_data"),
                rs.getBoolean("archived"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getLong("version"));
    }

    private static Object bound(String text, CustomPropertyType type) {
        if (text == null) {
            return null;
        }
        return switch (type) {
            case STRING -> Integer.valueOf(text);
            case NUMBER -> Long.valueOf(text);
            case DECIMAL -> new BigDecimal(text);
            case DATE -> LocalDate.parse(text);
            case DATETIME -> Instant.parse(text);
            default -> null;
        };
    }
}
