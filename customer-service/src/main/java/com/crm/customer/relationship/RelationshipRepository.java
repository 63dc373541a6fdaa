package com.crm.customer.relationship;

import com.crm.support.access.SqlCondition;
import com.crm.support.access.Visibility;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RelationshipRepository {

    record Type(String code, String name, String fromType, String toType, boolean builtin) {}

    /** A link as stored, with the names of both ends for display. */
    record Link(
            UUID id,
            UUID fromCustomerId,
            String fromName,
            UUID toCustomerId,
            String toName,
            String type,
            String role,
            boolean primaryContact,
            Instant createdAt) {}

    /** A member of a customer's circle: how far, and the shortest path to it (customers and the links between). */
    record CircleMember(UUID customerId, String displayName, int depth, List<UUID> path, List<String> via) {}

    /**
     * A customer's referral figures: customers brought in directly and through referrals of referrals, and their
     * value: the sum of their CLV (decimal strings) as last reported on {@code crm.segmentation.v1};
     * {@code valuedCustomers} says how many of them have a CLV yet (the others count 0).
     */
    record Referrals(
            UUID customerId,
            long direct,
            long indirect,
            List<UUID> referred,
            String directValue,
            String indirectValue,
            String totalValue,
            long valuedCustomers) {}

    private static final String LINK = """
            select r.id, r.from_customer, f.display_name as from_name, r.to_customer, t.display_name as to_name, r.type,
                   r.role, r.primary_contact, r.created_at
            from relationship r join customer f on f.id = r.from_customer join customer t on t.id = r.to_customer""";

    private final JdbcClient jdbc;

    RelationshipRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Type> types() {
        return jdbc.sql("select code, name, from_type, to_type, builtin from relationship_type order by code")
                .query((rs, n) ->
                        new Type(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)))
                .list();
    }

    Optional<Type> type(String code) {
        return types().stream().filter(t -> t.code().equals(code)).findFirst();
    }

    boolean addType(Type type) {
        return jdbc.sql("""
                        insert into relationship_type (code, name, from_type, to_type) values (:code, :name, :from, :to)
                        on conflict do nothing""")
                        .param("code", type.code())
                        .param("name", type.name())
                        .param("from", type.fromType())
                        .param("to", type.toType())
                        .update()
                == 1;
    }

    /** @return false when the same link already exists */
    boolean insert(UUID id, UUID from, UUID to, String type, String role, boolean primaryContact, Instant at) {
        return jdbc.sql("""
                        insert into relationship (id, from_customer, to_customer, type, role, primary_contact, created_at)
                        values (:id, :from, :to, :type, :role, :primary, :at) on conflict do nothing""")
                        .param("id", id)
                        .param("from", from)
                        .param("to", to)
                        .param("type", type)
                        .param("role", role)
                        .param("primary", primaryContact)
                        .param("at", at.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    /** {@code " and "} the customer aliased {@code alias} is within {@code visible}; nothing when all are. */
    private static String visibleAs(Visibility visible, String alias) {
        SqlCondition condition = visible.sql(alias + ".owner_id", alias + ".team_id");
        return condition.always() ? "" : " and " + condition.clause();
    }

    /** Both ends of a link within {@code visible}: a link to a customer the caller does not see is not shown. */
    private static String ends(Visibility visible) {
        return visibleAs(visible, "f") + visibleAs(visible, "t");
    }

    private static Map<String, Object> params(Visibility visible) {
        return visible.sql("owner_id", "team_id").params();
    }

    Optional<Link> find(UUID id, Visibility visible) {
        return jdbc.sql(LINK + " where r.id = :id" + ends(visible))
                .params(params(visible))
                .param("id", id)
                .query(this::link)
                .optional();
    }

    void delete(UUID id) {
        jdbc.sql("delete from relationship where id = :id").param("id", id).update();
    }

    List<Link> of(UUID customer, boolean outgoing, boolean incoming, String type, Visibility visible) {
        String side = outgoing && incoming
                ? "(r.from_customer = :id or r.to_customer = :id)"
                : outgoing ? "r.from_customer = :id" : "r.to_customer = :id";
        return jdbc.sql(LINK + " where " + side + (type == null ? "" : " and r.type = :type") + ends(visible)
                        + " order by r.created_at, r.id")
                .params(params(visible))
                .param("id", customer)
                .params(type == null ? Map.of() : Map.of("type", type))
                .query(this::link)
                .list();
    }

    List<Link> touching(UUID customer) {
        return of(customer, true, true, null, Visibility.all());
    }

    /** Every customer within {@code depth} links (either direction), each once at its shortest distance. */
    List<CircleMember> circle(UUID customer, int depth, int limit, Visibility visible) {
        return jdbc.sql("""
                        with recursive walk(customer_id, depth, path, via) as (
                            select cast(:id as uuid), 0, array[cast(:id as uuid)], array[]::text[]
                          union all
                            select n.next, w.depth + 1, w.path || n.next, w.via || n.step
                            from walk w
                            join relationship r on r.from_customer = w.customer_id or r.to_customer = w.customer_id
                            cross join lateral (select
                                case when r.from_customer = w.customer_id then r.to_customer else r.from_customer end
                                  as next,
                                case when r.from_customer = w.customer_id then r.type || '>' else '<' || r.type end
                                  as step) n
                            join customer v on v.id = n.next
                            where w.depth < :depth and not n.next = any(w.path)""" + visibleAs(visible, "v") + "\n" + """

                        )
                        select distinct on (w.customer_id) w.customer_id, c.display_name, w.depth, w.path, w.via
                        from walk w join customer c on c.id = w.customer_id
                        where w.depth > 0
                        order by w.customer_id, w.depth, w.path
                        limit :limit""")
                .params(params(visible))
                .param("id", customer)
                .param("depth", depth)
                .param("limit", limit)
                .query((rs, n) -> new CircleMember(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getInt(3),
                        Arrays.asList((UUID[]) rs.getArray(4).getArray()),
                        Arrays.asList((String[]) rs.getArray(5).getArray())))
                .list();
    }

    Referrals referrals(UUID customer, Visibility visible) {
        record Referred(UUID id, int depth, BigDecimal clv) {}
        List<Referred> rows = jdbc.sql(REFERRED + """
                         select f.customer_id, min(f.depth), v.clv from referred f
                         left join projected_value v on v.customer_id = f.customer_id
                         join customer c on c.id = f.customer_id where true""" + visibleAs(visible, "c") + "\n" + """
                         group by f.customer_id, v.clv order by min(f.depth), f.customer_id""")
                .params(params(visible))
                .param("id", customer)
                .query((rs, n) -> new Referred(rs.getObject(1, UUID.class), rs.getInt(2), rs.getBigDecimal(3)))
                .list();
        long direct = rows.stream().filter(r -> r.depth() == 1).count();
        BigDecimal directValue = rows.stream()
                .filter(r -> r.depth() == 1 && r.clv() != null)
                .map(Referred::clv)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal indirectValue = rows.stream()
                .filter(r -> r.depth() > 1 && r.clv() != null)
                .map(Referred::clv)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Referrals(
                customer,
                direct,
                rows.size() - direct,
                rows.stream().map(Referred::id).toList(),
                money(directValue),
                money(indirectValue),
                money(directValue.add(indirectValue)),
                rows.stream().filter(r -> r.clv() != null).count());
    }

    private static String money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** Customers referred (directly or not) by {@code :id}; the walk stops at depth 10 and never revisits the root. */
    private static final String REFERRED = """
            with recursive referred(customer_id, depth) as (
                select from_customer, 1 from relationship where to_customer = :id and type = 'REFERRED_BY'
              union
                select r.from_customer, f.depth + 1 from relationship r join referred f on r.to_customer = f.customer_id
                where r.type = 'REFERRED_BY' and f.depth < 10 and r.from_customer <> :id
            )""";

    /**
     * Customers who referred anyone, by the total CLV of those they brought in (directly and not) or by their number,
     * the other figure breaking ties; only members of {@code segmentId} when it is given.
     */
    List<UUID> topReferrers(int limit, boolean byValue, UUID segmentId, Visibility visible) {
        String value = "coalesce(sum(v.clv), 0)";
        String count = "count(*)";
        return jdbc.sql("""
                        with recursive referred(root, customer_id, depth) as (
                            select to_customer, from_customer, 1 from relationship where type = 'REFERRED_BY'
                          union
                            select f.root, r.from_customer, f.depth + 1
                            from relationship r join referred f on r.to_customer = f.customer_id
                            where r.type = 'REFERRED_BY' and f.depth < 10 and r.from_customer <> f.root
                        ), distinct_referred as (
                            select distinct root, customer_id from referred
                        )
                        select d.root from distinct_referred d
                        left join projected_value v on v.customer_id = d.customer_id
                        join customer rc on rc.id = d.root""" + visibleAs(visible, "rc") + "\n" + """
                        join customer dc on dc.id = d.customer_id""" + visibleAs(visible, "dc") + "\n"
                        + (segmentId == null ? "" : """
                        join projected_segment_member m on m.customer_id = d.root and m.segment_id = :segment
                          and m.member
                        """) + "group by d.root order by "
                        + (byValue ? value + " desc, " + count : count + " desc, " + value)
                        + " desc, d.root limit :limit")
                .params(params(visible))
                .param("limit", limit)
                .params(segmentId == null ? Map.of() : Map.of("segment", segmentId))
                .query(UUID.class)
                .list();
    }

    /** Moves the merged customers' links to the survivor; links that would be duplicates or self-links go. */
    void moveToSurvivor(List<UUID> merged, UUID survivor) {
        jdbc.sql("""
                        insert into relationship (id, from_customer, to_customer, type, role, primary_contact, created_at)
                        select gen_random_uuid(), :s, to_customer, type, role, primary_contact, created_at
                        from relationship where from_customer in (:m) and to_customer <> :s and to_customer not in (:m)
                        on conflict do nothing""").param("s", survivor).param("m", merged).update();
        jdbc.sql("""
                        insert into relationship (id, from_customer, to_customer, type, role, primary_contact, created_at)
                        select gen_random_uuid(), from_customer, :s, type, role, primary_contact, created_at
                        from relationship where to_customer in (:m) and from_customer <> :s and from_customer not in (:m)
                        on conflict do nothing""").param("s", survivor).param("m", merged).update();
        jdbc.sql("delete from relationship where from_customer in (:m) or to_customer in (:m)")
                .param("m", merged)
                .update();
    }

    private Link link(ResultSet rs, int row) throws SQLException {
        return new Link(
                rs.getObject("id", UUID.class),
                rs.getObject("from_customer", UUID.class),
                rs.getString("from_name"),
                rs.getObject("to_customer", UUID.class),
                rs.getString("to_name"),
                rs.getString("type"),
                rs.getString("role"),
                rs.getBoolean("primary_contact"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
