package com.crm.support.imports;

import com.crm.support.database.BinaryCopy;
import com.crm.support.json.StoredJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Import jobs, their staged rows (loaded with COPY) and their per-row results. */
class ImportRepository {

    private static final String JOB_COLUMNS = """
            id, object, format, mapping, status, actor, content_hash, size_bytes, total_rows, position, created,
            updated, unchanged, rejected, attempts, lease_owner, lease_until, error, created_at, uploaded_at,
            started_at, finished_at, chunk_size""";

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final JsonMapper json;

    ImportRepository(JdbcClient jdbc, DataSource dataSource, StoredJson storedJson) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.json = storedJson.mapper();
    }

    void insert(ImportJob job) {
        jdbc.sql("""
                        insert into import_job (id, object, format, mapping, status, actor, chunk_size, created_at)
                        values (:id, :object, :format, cast(:mapping as jsonb), :status, cast(:actor as jsonb),
                          :chunkSize, :at)""")
                .param("id", job.id())
                .param("object", job.object())
                .param("format", job.format().name())
                .param("mapping", job.mapping() == null ? null : json.writeValueAsString(job.mapping()))
                .param("status", job.status().name())
                .param("actor", json.writeValueAsString(job.actor()))
                .param("chunkSize", job.chunkSize())
                .param("at", utc(job.createdAt()))
                .update();
    }

    Optional<ImportJob> find(UUID id) {
        return jdbc.sql("select " + JOB_COLUMNS + " from import_job where id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** Locks the job until the transaction ends: uploads, chunks and cancels of one job queue behind each other. */
    Optional<ImportJob> lock(UUID id) {
        return jdbc.sql("select " + JOB_COLUMNS + " from import_job where id = :id for update")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** A row being staged: its number in the file, its item as JSON text, or why it could not be read. */
    interface RowSink {
        void row(int lineNo, String document, String problem) throws IOException;
    }

    interface StagingSource {
        void feed(RowSink sink) throws IOException;
    }

    /**
     * Streams rows into the staging table with {@code COPY ... FROM STDIN} on the current transaction's connection,
     * at the speed of a bulk load; a failure of the source cancels the copy (nothing staged).
     */
    void stage(UUID jobId, StagingSource source) throws IOException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            CopyIn copy = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("copy import_row (job_id, line_no, document, problem) from stdin");
            String prefix = jobId + "\t";
            byte[][] buffer = new byte[1][];
            StringBuilder line = new StringBuilder(1024);
            try {
                source.feed((lineNo, document, problem) -> {
                    line.setLength(0);
                    line.append(prefix).append(lineNo).append('\t');
                    escaped(line, document);
                    line.append('\t');
                    escaped(line, problem);
                    line.append('\n');
                    buffer[0] = line.toString().getBytes(StandardCharsets.UTF_8);
                    try {
                        copy.writeToCopy(buffer[0], 0, buffer[0].length);
                    } catch (SQLException e) {
                        throw new IOException(e);
                    }
                });
                copy.endCopy();
            } catch (IOException | RuntimeException e) {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("staging failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** COPY's text format: backslash, tab and line ends escaped, NUL (which text cannot hold) dropped. */
    private static void escaped(StringBuilder out, String value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> {}
                default -> out.append(c);
            }
        }
    }

    void uploaded(UUID id, String hash, long bytes, int rows, Instant at) {
        jdbc.sql("""
                        update import_job set status = 'UPLOADED', content_hash = :hash, size_bytes = :bytes,
                          total_rows = :rows, uploaded_at = :at where id = :id""")
                .param("id", id)
                .param("hash", hash)
                .param("bytes", bytes)
                .param("rows", rows)
                .param("at", utc(at))
                .update();
    }

    void status(UUID id, ImportStatus status, Instant finishedAt) {
        jdbc.sql("update import_job set status = :status, finished_at = :at, lease_owner = null, lease_until = null"
                        + " where id = :id")
                .param("id", id)
                .param("status", status.name())
                .param("at", finishedAt == null ? null : utc(finishedAt))
                .update();
    }

    void dropStaged(UUID id) {
        jdbc.sql("delete from import_row where job_id = :id").param("id", id).update();
    }

    /**
     * Takes the oldest queued job, or a running one whose runner's lease expired (it stopped or died); a job a
     * runner is applying a chunk of right now is locked and skipped.
     */
    Optional<UUID> claim(String owner, Duration lease) {
        return jdbc.sql("""
                        update import_job set status = 'RUNNING', lease_owner = :owner,
                          lease_until = now() + make_interval(secs => :secs), started_at = coalesce(started_at, now())
                        where id = (select id from import_job
                                    where status in ('QUEUED', 'RUNNING')
                                      and (lease_until is null or lease_until < now())
                                    order by uploaded_at limit 1 for update skip locked)
                        returning id""")
                .param("owner", owner)
                .param("secs", lease.toSeconds())
                .query(UUID.class)
                .optional();
    }

    /** A staged row. */
    record Staged(int lineNo, String document, String problem) {}

    List<Staged> staged(UUID jobId, int after, int limit) {
        return jdbc.sql("""
                        select line_no, document, problem from import_row
                        where job_id = :id and line_no > :after order by line_no limit :limit""")
                .param("id", jobId)
                .param("after", after)
                .param("limit", limit)
                .query((rs, n) -> new Staged(rs.getInt(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** A row's result as stored. */
    record Result(int lineNo, String outcome, UUID recordId, String source, String externalId, Object problem) {}

    /** A chunk's results and progress, committed with the chunk's writes: the runner's lease is renewed too. */
    void progress(UUID jobId, List<Result> results, int position, Map<String, Integer> counts, Duration lease) {
        copyResults(jobId, results);
        jdbc.sql("""
                        update import_job set position = :position, created = created + :created,
                          updated = updated + :updated, unchanged = unchanged + :unchanged,
                          rejected = rejected + :rejected, attempts = 0,
                          lease_until = now() + make_interval(secs => :secs)
                        where id = :id""")
                .param("id", jobId)
                .param("position", position)
                .param("created", counts.getOrDefault("CREATED", 0))
                .param("updated", counts.getOrDefault("UPDATED", 0))
                .param("unchanged", counts.getOrDefault("UNCHANGED", 0))
                .param("rejected", counts.getOrDefault("REJECTED", 0))
                .param("secs", lease.toSeconds())
                .update();
    }

    /** A chunk's results by binary COPY on the chunk's connection (PostgreSQL's, as for staging the rows). */
    private void copyResults(UUID jobId, List<Result> results) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            boolean copied = BinaryCopy.copy(
                    connection,
                    "copy import_result (job_id, line_no, outcome, record_id, source, external_id, problem)"
                            + " from stdin (format binary)",
                    copy -> {
                        for (Result r : results) {
                            copy.row(7)
                                    .uuid(jobId)
                                    .int4(r.lineNo())
                                    .text(r.outcome())
                                    .uuid(r.recordId())
                                    .text(r.source())
                                    .text(r.externalId())
                                    .jsonb(r.problem() == null ? null : json.writeValueAsString(r.problem()));
                        }
                    });
            if (!copied) {
                throw new IllegalStateException("import results need a PostgreSQL connection to copy into");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("import results of job " + jobId + " not written", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** @return the failed attempts so far; the lease is let go so that a runner retries after a pause */
    int failedAttempt(UUID jobId, String error, Duration pause) {
        return jdbc.sql("""
                        update import_job set attempts = attempts + 1, error = :error, lease_owner = null,
                          lease_until = now() + make_interval(secs => :secs)
                        where id = :id returning attempts""")
                .param("id", jobId)
                .param("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .param("secs", pause.toSeconds())
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    /**
     * The results query for {@link com.crm.support.export.BulkExport#stream}; built from an id and an outcome name
     * only (COPY takes no parameters), which cannot end a literal.
     */
    String results(UUID jobId, ImportOutcome outcome) {
        return """
                select line_no as "row", outcome, record_id as "id", source, external_id as "externalId",
                       (select string_agg(e ->> 'field', ' ') from jsonb_array_elements(problem -> 'errors') e) as fields,
                       problem
                from import_result where job_id = '%s'%s order by line_no""".formatted(jobId, outcome == null ? "" : " and outcome = '" + outcome.name() + "'");
    }

    private ImportJob map(ResultSet rs, int row) throws SQLException {
        String mapping = rs.getString("mapping");
        return new ImportJob(
                rs.getObject("id", UUID.class),
                rs.getString("object"),
                ImportFormat.valueOf(rs.getString("format")),
                mapping == null ? null : json.readValue(mapping, new TypeReference<Map<String, String>>() {}),
                ImportStatus.valueOf(rs.getString("status")),
                json.readValue(rs.getString("actor"), ImportJob.Actor.class),
                rs.getInt("chunk_size"),
                rs.getString("content_hash"),
                (Long) rs.getObject("size_bytes"),
                (Integer) rs.getObject("total_rows"),
                rs.getInt("position"),
                new ImportJob.Counts(
                        rs.getInt("created"), rs.getInt("updated"), rs.getInt("unchanged"), rs.getInt("rejected")),
                rs.getInt("attempts"),
                rs.getString("lease_owner"),
                instant(rs, "lease_until"),
                rs.getString("error"),
                instant(rs, "created_at"),
                instant(rs, "uploaded_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
