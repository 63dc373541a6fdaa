package com.crm.customer.dedup;

import com.crm.support.access.SqlCondition;
import com.crm.support.access.Visibility;
import com.crm.support.json.StoredJson;
import com.crm.support.paging.KeysetCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class DuplicateRepository {

    record Candidate(
            UUID id,
            UUID customerA,
            String nameA,
            UUID customerB,
            String nameB,
            double score,
            List<String> reasons,
            String status,
            Instant detectedAt,
            Instant decidedAt,
            String decidedBy) {}

    record Participant(UUID id, DuplicateScoring.Facts facts, String familyName, Instant createdAt) {}

    private static final String FACTS =
            "id, type, display_name, family_name, email_keys, phone_keys, company, birthday," + " region, created_at";
    private static final String CANDIDATE = """
            select d.id, d.customer_a, a.display_name as name_a, d.customer_b, b.display_name as name_b, d.score,
                   d.reasons, d.status, d.detected_at, d.decided_at, d.decided_by
            from duplicate_candidate d join customer a on a.id = d.customer_a join customer b on b.id = d.customer_b""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DuplicateRepository(JdbcClient jdbc, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.json = storedJson.mapper();
    }

    /** Live customers sharing a contact point, a similar (trigram) or equal name, or family name and birthday. */
    List<Participant> lookalikes(UUID id, DuplicateScoring.Facts facts, String familyName, int limit) {
        return jdbc.sql("select " + FACTS + " from customer where deleted_at is null and id <> :id and ("
                        + " email_keys && " + textArray("emails")
                        + " or phone_keys && " + textArray("phones")
                        + " or display_name % :name or lower(display_name) = lower(:name)"
                        + " or (cast(:family as text) is not null and family_name = :family"
                        + "     and birthday = cast(:birthday as date))"
                        + ") limit :limit")
                .param("id", id)
                .param("emails", json.writeValueAsString(facts.emails()))
                .param("phones", json.writeValueAsString(facts.phones()))
                .param("name", facts.name())
                .param("family", familyName)
                .param("birthday", facts.birthday())
                .param("limit", limit)
                .query(this::participant)
                .list();
    }

    /** Live customers in (created_at, id) order, for a full scan. */
    List<Participant> page(UUID afterId, Instant afterAt, int limit) {
        var statement = jdbc.sql("select " + FACTS + " from customer where deleted_at is null"
                        + (afterAt == null ? "" : " and (created_at, id) > (:afterAt, :afterId)")
                        + " order by created_at, id limit :limit")
                .param("limit", limit);
        if (afterAt != null) {
            statement =
                    statement.param("afterAt", afterAt.atOffset(ZoneOffset.UTC)).param("afterId", afterId);
        }
        return statement.query(this::participant).list();
    }

    void queue(UUID customer, Instant at) {
        jdbc.sql("""
                        insert into duplicate_check (customer_id, queued_at) values (:id, :at)
                        on conflict (customer_id) do update set queued_at = excluded.queued_at""")
                .param("id", customer)
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    void queueAll(List<UUID> customers, Instant at) {
        if (customers.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into duplicate_check (customer_id, queued_at)
                        select id, :at from unnest(cast(:ids as uuid[])) as id order by id
                        on conflict (customer_id) do update set queued_at = excluded.queued_at""")
                .param("ids", new SqlArrayValue("uuid", customers.toArray()))
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** Takes queued customers off the queue (rows locked by another worker are skipped); live ones come back. */
    List<Participant> takeQueued(int limit) {
        List<UUID> ids = jdbc.sql("""
                        delete from duplicate_check where customer_id in (
                          select customer_id from duplicate_check order by queued_at limit :limit
                          for update skip locked)
                        returning customer_id""").param("limit", limit).query(UUID.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + FACTS + " from customer where deleted_at is null and id in (:ids)")
                .param("ids", ids)
                .query(this::participant)
                .list();
    }

    long queued() {
        return jdbc.sql("select count(*) from duplicate_check")
                .query(Long.class)
                .single();
    }

    /** Forgets the open candidates of a customer (re-detection records the current ones again). */
    void clearOpen(UUID customer) {
        jdbc.sql("delete from duplicate_candidate where status = 'OPEN' and (customer_a = :id or customer_b = :id)")
                .param("id", customer)
                .update();
    }

    /** Records a pair; a pair a user already dismissed or merged stays as it is. */
    void record(UUID x, UUID y, DuplicateScoring.Score score, Instant at) {
        // PostgreSQL orders uuids by their unsigned bytes, as their hex text sorts; UUID.compareTo does not
        UUID a = x.toString().compareTo(y.toString()) < 0 ? x : y;
        UUID b = a.equals(x) ? y : x;
        jdbc.sql("""
                        insert into duplicate_candidate (id, customer_a, customer_b, score, reasons, detected_at)
                        values (:id, :a, :b, :score, cast(:reasons as jsonb), :at)
                        on conflict (customer_a, customer_b) do update
                          set score = excluded.score, reasons = excluded.reasons, detected_at = excluded.detected_at
                          where duplicate_candidate.status = 'OPEN'""")
                .param("id", UUID.randomUUID())
                .param("a", a)
                .param("b", b)
                .param("score", Math.round(score.value() * 1000) / 1000.0)
                .param("reasons", json.writeValueAsString(score.reasons()))
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    void markMerged(UUID survivor, List<UUID> merged) {
        jdbc.sql("""
                        update duplicate_candidate set status = 'MERGED', decided_at = now()
                        where (customer_a = :s and customer_b in (:m)) or (customer_b = :s and customer_a in (:m))
                           or (customer_a in (:m) and customer_b in (:m))""").param("s", survivor).param("m", merged).update();
    }

    /** {@code " and "} both customers of a candidate within {@code visible}; nothing when all are. */
    private static String bothVisible(Visibility visible) {
        SqlCondition a = visible.sql("a.owner_id", "a.team_id");
        return a.always()
                ? ""
                : " and " + a.clause() + " and "
                        + visible.sql("b.owner_id", "b.team_id").clause();
    }

    Optional<Candidate> find(UUID id, Visibility visible) {
        return jdbc.sql(CANDIDATE + " where d.id = :id" + bothVisible(visible))
                .params(visible.sql("owner_id", "team_id").params())
                .param("id", id)
                .query(this::candidate)
                .optional();
    }

    boolean dismiss(UUID id, String by, Instant at) {
        return jdbc.sql("""
                        update duplicate_candidate set status = 'DISMISSED', decided_by = :by, decided_at = :at
                        where id = :id and status = 'OPEN'""")
                        .param("id", id)
                        .param("by", by)
                        .param("at", at.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    List<Candidate> list(
            String status, UUID customerId, Double minScore, Visibility visible, KeysetCursor after, int limit) {
        StringBuilder where = new StringBuilder("d.status = :status").append(bothVisible(visible));
        Map<String, Object> params =
                new HashMap<>(visible.sql("owner_id", "team_id").params());
        params.put("status", status);
        if (customerId != null) {
            where.append(" and (d.customer_a = :customer or d.customer_b = :customer)");
            params.put("customer", customerId);
        }
        if (minScore != null) {
            where.append(" and d.score >= :minScore");
            params.put("minScore", minScore);
        }
        if (after != null) {
            where.append(" and (d.detected_at, d.id) > (:afterAt, :afterId)");
            params.put("afterAt", after.at().atOffset(ZoneOffset.UTC));
            params.put("afterId", after.id());
        }
        return jdbc.sql(CANDIDATE + " where " + where + " order by d.detected_at, d.id limit :limit")
                .params(params)
                .param("limit", limit)
                .query(this::candidate)
                .list();
    }

    long countOpen() {
        return jdbc.sql("select count(*) from duplicate_candidate where status = 'OPEN'")
                .query(Long.class)
                .single();
    }

    private Participant participant(ResultSet rs, int row) throws SQLException {
        return new Participant(
                rs.getObject("id", UUID.class),
                new DuplicateScoring.Facts(
                        rs.getString("type"),
                        rs.getString("display_name"),
                        new HashSet<>(Arrays.asList(
                                (String[]) rs.getArray("email_keys").getArray())),
                        new HashSet<>(Arrays.asList(
                                (String[]) rs.getArray("phone_keys").getArray())),
                        rs.getString("company"),
                        rs.getObject("birthday", LocalDate.class),
                        rs.getString("region")),
                rs.getString("family_name"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private Candidate candidate(ResultSet rs, int row) throws SQLException {
        OffsetDateTime decided = rs.getObject("decided_at", OffsetDateTime.class);
        return new Candidate(
                rs.getObject("id", UUID.class),
                rs.getObject("customer_a", UUID.class),
                rs.getString("name_a"),
                rs.getObject("customer_b", UUID.class),
                rs.getString("name_b"),
                rs.getDouble("score"),
                json.readValue(rs.getString("reasons"), new TypeReference<List<String>>() {}),
                rs.getString("status"),
                rs.getObject("detected_at", OffsetDateTime.class).toInstant(),
                decided == null ? null : decided.toInstant(),
                rs.getString("decided_by"));
    }

    private static String textArray(String param) {
        return "array(select jsonb_array_elements_text(cast(:" + param + " as jsonb)))";
    }
}
