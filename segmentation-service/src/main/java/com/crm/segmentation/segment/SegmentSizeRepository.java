package com.crm.segmentation.segment;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each segment's member count per UTC day ({@code segment_size}). */
@Repository
class SegmentSizeRepository {

    private final JdbcClient jdbc;

    SegmentSizeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records today's count of every active segment in one statement; a later snapshot of the same day replaces
     * the earlier one (the day's latest count wins). @return segments recorded
     */
    int snapshot(LocalDate day) {
        return jdbc.sql("""
                insert into segment_size (segment_id, day, members, recorded_at)
                select s.id, :day, count(m.customer_id), now()
                from segment s left join segment_member m on m.segment_id = s.id
                where s.archived_at is null
                group by s.id
                on conflict (segment_id, day) do update set members = excluded.members,
                                                            recorded_at = excluded.recorded_at""").param("day", day).update();
    }

    /** The recorded days from {@code from} to {@code to}, both included, oldest first (days without a record skipped). */
    List<SegmentSizes.Size> series(UUID segmentId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                select day, members from segment_size where segment_id = :id and day between :from and :to
                order by day""")
                .param("id", segmentId)
                .param("from", from)
                .param("to", to)
                .query((rs, n) -> new SegmentSizes.Size(rs.getObject(1, LocalDate.class), rs.getLong(2)))
                .list();
    }
}
