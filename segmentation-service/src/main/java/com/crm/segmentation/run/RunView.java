package com.crm.segmentation.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A full recompute run: status RUNNING / SUCCEEDED / FAILED, its phase and progress (0..1), counts, duration. */
public record RunView(UUID id, String status, String trigger, LocalDate calibrationEnd, String phase, double progress,
                      Integer customers, Integer stageChanges, Integer tierChanges, Double tierSMinClv,
                      Double tierAMinClv, Double tierBMinClv, String error, Instant startedAt, Instant finishedAt,
                      Long durationMs) {

    static RunView map(ResultSet rs, int n) throws SQLException {
        return new RunView(rs.getObject("id", UUID.class), rs.getString("status"), rs.getString("trigger"),
                rs.getObject("calibration_end", LocalDate.class), rs.getString("phase"), rs.getDouble("progress"),
                rs.getObject("customers", Integer.class), rs.getObject("stage_changes", Integer.class),
                rs.getObject("tier_changes", Integer.class), rs.getObject("tier_s_min", Double.class),
                rs.getObject("tier_a_min", Double.class), rs.getObject("tier_b_min", Double.class),
                rs.getString("error"), rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant(),
                rs.getObject("duration_ms", Long.class));
    }
}
