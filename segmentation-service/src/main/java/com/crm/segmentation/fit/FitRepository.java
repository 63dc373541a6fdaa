package com.crm.segmentation.fit;

import com.crm.segmentation.model.FitResult;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Every stored model fit: parameters, log-likelihood, customers, calibration window, duration. */
@Repository
public class FitRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final JdbcClient jdbc;

    FitRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public StoredFit save(
            FitResult fit,
            LocalDate calibrationStart,
            LocalDate calibrationEnd,
            int periodDays,
            long durationMs,
            UUID runId) {
        StoredFit stored = new StoredFit(
                UUID.randomUUID(),
                fit.model(),
                new LinkedHashMap<>(fit.parameters()),
                fit.logLikelihood(),
                fit.customers(),
                calibrationStart,
                calibrationEnd,
                periodDays,
                durationMs,
                fit.converged(),
                fit.evaluations(),
                runId,
                Instant.now());
        jdbc.sql("""
                insert into value_fit (id, model, parameters, log_likelihood, customers, calibration_end, period_days,
                                       duration_ms, converged, run_id, fitted_at)
                values (:id, :model, cast(:params as jsonb), :ll, :customers, :end, :period, :duration, :converged,
                        :run, :at)""")
                .param("id", stored.id())
                .param("model", stored.model())
                .param(
                        "params",
                        JSON.writeValueAsString(Map.of(
                                "parameters",
                                stored.parameters(),
                                "calibrationStart",
                                String.valueOf(calibrationStart),
                                "evaluations",
                                fit.evaluations())))
                .param("ll", stored.logLikelihood())
                .param("customers", stored.customers())
                .param("end", calibrationEnd)
                .param("period", periodDays)
                .param("duration", durationMs)
                .param("converged", fit.converged())
                .param("run", runId)
                .param("at", Timestamp.from(stored.fittedAt()))
                .update();
        return stored;
    }

    public Optional<StoredFit> latest(String model) {
        return jdbc.sql("select * from value_fit where model = :model order by fitted_at desc, id desc limit 1")
                .param("model", model)
                .query(FitRepository::map)
                .optional();
    }

    public Optional<StoredFit> find(UUID id) {
        return jdbc.sql("select * from value_fit where id = :id")
                .param("id", id)
                .query(FitRepository::map)
                .optional();
    }

    public CursorPage<StoredFit> list(String model, int limit, String cursor) {
        KeysetCursor after = KeysetCursor.decode(cursor);
        Instant afterAt = after == null ? null : after.at();
        UUID afterId = after == null ? null : after.id();
        List<StoredFit> rows = jdbc.sql("""
                select * from value_fit
                where (cast(:model as varchar) is null or model = :model)
                  and (cast(:afterAt as timestamptz) is null or (fitted_at, id) < (:afterAt, :afterId))
                order by fitted_at desc, id desc limit :limit""")
                .param("model", model)
                .param("afterAt", afterAt == null ? null : Timestamp.from(afterAt))
                .param("afterId", afterId)
                .param("limit", limit + 1)
                .query(FitRepository::map)
                .list();
        return CursorPage.of(rows, limit, last -> new KeysetCursor(last.fittedAt(), last.id()).encode(), f -> f);
    }

    private static StoredFit map(ResultSet rs, int n) throws SQLException {
        Map<String, Object> doc = JSON.readValue(rs.getString("parameters"), new TypeReference<>() {});
        @SuppressWarnings("unchecked")
        Map<String, Number> params = (Map<String, Number>) doc.get("parameters");
        LinkedHashMap<String, Double> parameters = new LinkedHashMap<>();
        params.forEach((k, v) -> parameters.put(k, v.doubleValue()));
        Object start = doc.get("calibrationStart");
        return new StoredFit(
                rs.getObject("id", UUID.class),
                rs.getString("model"),
                parameters,
                rs.getDouble("log_likelihood"),
                rs.getInt("customers"),
                start == null || "null".equals(start) ? null : LocalDate.parse(start.toString()),
                rs.getObject("calibration_end", LocalDate.class),
                rs.getInt("period_days"),
                rs.getLong("duration_ms"),
                rs.getBoolean("converged"),
                ((Number) doc.getOrDefault("evaluations", 0)).intValue(),
                rs.getObject("run_id", UUID.class),
                rs.getTimestamp("fitted_at").toInstant());
    }
}
