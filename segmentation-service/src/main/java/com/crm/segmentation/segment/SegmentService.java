package com.crm.segmentation.segment;

import com.crm.contracts.events.segmentation.SegmentMembershipChanged;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dynamic segments: definitions, previews, members, and membership upkeep. Memberships are recomputed set-based
 * (one insert of joiners and one delete of leavers per segment) on every full run and when a segment is created,
 * and per customer after each event that changed them; every join and leave publishes
 * {@code crm.segment.membership-changed} in the transaction of the change.
 */
@Service
public class SegmentService {

    static final int SAMPLE = 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final EventOutbox outbox;
    private final TransactionTemplate transactions;

    SegmentService(JdbcClient jdbc, EventOutbox outbox, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    record Segment(UUID id, String name, String description, JsonNode condition, Instant createdAt,
                   Instant refreshedAt, long members) {
    }

    record Preview(long count, List<UUID> sample) {
    }

    record Member(UUID customerId, Instant joinedAt, String tier, String stage, Double clv) {
    }

    Preview preview(JsonNode condition) {
        SegmentCondition.Compiled c = SegmentCondition.compile(condition, "condition");
        long count = jdbc.sql("select count(*) from segment_subject where " + c.sql()).params(c.params())
                .query(Long.class).single();
        List<UUID> sample = jdbc.sql("select customer_id from segment_subject where " + c.sql()
                        + " order by clv desc nulls last, customer_id limit " + SAMPLE)
                .params(c.params()).query(UUID.class).list();
        return new Preview(count, sample);
    }

    Segment create(String name, String description, JsonNode condition) {
        SegmentCondition.compile(condition, "condition");
        UUID id = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> {
            try {
                jdbc.sql("""
                        insert into segment (id, name, description, condition, created_at)
                        values (:id, :name, :description, cast(:condition as jsonb), now())""")
                        .param("id", id).param("name", name).param("description", description)
                        .param("condition", JSON.writeValueAsString(condition)).update();
            } catch (DuplicateKeyException e) {
                throw ApiException.conflict("a segment named '" + name + "' exists");
            }
            refresh(id);
        });
        return find(id);
    }

    Segment find(UUID id) {
        return jdbc.sql("""
                select s.*, (select count(*) from segment_member m where m.segment_id = s.id) as members
                from segment s where s.id = :id""").param("id", id).query(SegmentService::map).optional()
                .orElseThrow(() -> ApiException.notFound("segment", id));
    }

    List<Segment> list() {
        return jdbc.sql("""
                select s.*, (select count(*) from segment_member m where m.segment_id = s.id) as members
                from segment s order by s.created_at, s.id""").query(SegmentService::map).list();
    }

    private static Segment map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Segment(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
                JSON.readTree(rs.getString("condition")), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("refreshed_at") == null ? null : rs.getTimestamp("refreshed_at").toInstant(),
                rs.getLong("members"));
    }

    CursorPage<Member> members(UUID id, int limit, String cursor) {
        find(id);
        KeysetCursor after = KeysetCursor.decode(cursor);
        List<Member> rows = jdbc.sql("""
                select m.customer_id, m.joined_at, v.tier, v.stage, v.clv from segment_member m
                left join customer_value v on v.customer_id = m.customer_id
                where m.segment_id = :id
                  and (cast(:afterAt as timestamptz) is null or (m.joined_at, m.customer_id) > (:afterAt, :afterId))
                order by m.joined_at, m.customer_id limit :limit""")
                .param("id", id)
                .param("afterAt", after == null ? null : Timestamp.from(after.at()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit + 1)
                .query((rs, n) -> new Member(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(),
                        rs.getString(3), rs.getString(4), rs.getObject(5, Double.class)))
                .list();
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = new KeysetCursor(rows.getLast().joinedAt(), rows.getLast().customerId()).encode();
        }
        return new CursorPage<>(rows, next);
    }

    @Transactional(readOnly = true)
    public void exportCsv(UUID id, Writer out) {
        find(id);
        try {
            out.write("customerId,joinedAt,tier,stage,clv\n");
            jdbc.sql("""
                    select m.customer_id, m.joined_at, v.tier, v.stage, v.clv from segment_member m
                    left join customer_value v on v.customer_id = m.customer_id
                    where m.segment_id = :id order by m.joined_at, m.customer_id""")
                    .param("id", id)
                    .query(rs -> {
                        try {
                            double clv = rs.getDouble(5);
                            out.write(rs.getObject(1, UUID.class) + "," + rs.getTimestamp(2).toInstant() + ","
                                    + nz(rs.getString(3)) + "," + nz(rs.getString(4)) + ","
                                    + (rs.wasNull() ? "" : String.format(java.util.Locale.ROOT, "%.2f", clv)) + "\n");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Recomputes every segment's membership (full runs). @return joins + leaves */
    public int refreshAll() {
        int changes = 0;
        for (UUID id : jdbc.sql("select id from segment order by created_at").query(UUID.class).list()) {
            Integer c = transactions.execute(tx -> refresh(id));
            changes += c == null ? 0 : c;
        }
        return changes;
    }

    /** Recomputes one segment set-based, in the caller's transaction. @return joins + leaves */
    int refresh(UUID segmentId) {
        Map<String, Object> row = jdbc.sql("select name, condition::text as condition from segment where id = :id")
                .param("id", segmentId).query().singleRow();
        String name = (String) row.get("name");
        SegmentCondition.Compiled c = SegmentCondition.compile(JSON.readTree((String) row.get("condition")),
                "condition");
        Map<String, Object> params = new HashMap<>(c.params());
        params.put("sid", segmentId);
        List<UUID> joined = jdbc.sql("""
                insert into segment_member (segment_id, customer_id, joined_at)
                select :sid, customer_id, clock_timestamp() from segment_subject where %s
                on conflict do nothing returning customer_id""".formatted(c.sql()))
                .params(params).query(UUID.class).list();
        List<UUID> left = jdbc.sql("""
                delete from segment_member sm where sm.segment_id = :sid and not exists (
                    select 1 from segment_subject where customer_id = sm.customer_id and %s)
                returning customer_id""".formatted(c.sql()))
                .params(params).query(UUID.class).list();
        jdbc.sql("update segment set refreshed_at = now() where id = :sid").param("sid", segmentId).update();
        Instant now = Instant.now();
        joined.forEach(id -> outbox.append(new SegmentMembershipChanged(id, segmentId, name, "JOINED", now)));
        left.forEach(id -> outbox.append(new SegmentMembershipChanged(id, segmentId, name, "LEFT", now)));
        return joined.size() + left.size();
    }

    /** Re-evaluates one customer against every segment, in the caller's transaction (incremental updates). */
    public void refreshCustomer(UUID customerId) {
        List<Map<String, Object>> segments = jdbc.sql("select id, name, condition::text as condition from segment")
                .query().listOfRows();
        Instant now = Instant.now();
        for (Map<String, Object> s : segments) {
            UUID segmentId = (UUID) s.get("id");
            SegmentCondition.Compiled c = SegmentCondition.compile(JSON.readTree((String) s.get("condition")),
                    "condition");
            Map<String, Object> params = new HashMap<>(c.params());
            params.put("cid", customerId);
            boolean matches = jdbc.sql("select exists (select 1 from segment_subject where customer_id = :cid and "
                    + c.sql() + ")").params(params).query(Boolean.class).single();
            if (matches) {
                int added = jdbc.sql("""
                        insert into segment_member (segment_id, customer_id, joined_at) values (:sid, :cid, now())
                        on conflict do nothing""").param("sid", segmentId).param("cid", customerId).update();
                if (added == 1) {
                    outbox.append(new SegmentMembershipChanged(customerId, segmentId, (String) s.get("name"),
                            "JOINED", now));
                }
            } else {
                int removed = jdbc.sql("delete from segment_member where segment_id = :sid and customer_id = :cid")
                        .param("sid", segmentId).param("cid", customerId).update();
                if (removed == 1) {
                    outbox.append(new SegmentMembershipChanged(customerId, segmentId, (String) s.get("name"),
                            "LEFT", now));
                }
            }
        }
    }
}
