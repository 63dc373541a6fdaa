package com.crm.support.export;

import com.crm.support.audit.AuditTrail;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams the rows of a query out of PostgreSQL as NDJSON or CSV at close to the speed of {@code COPY ... TO STDOUT}:
 * the database copies the rows as text and the bytes go straight to the response (NDJSON rendered from that text on the
 * way, {@link JsonLines}). One statement is one snapshot, so an export is consistent however long it streams; it runs
 * in a read-only transaction of its own with the batch statement timeout instead of the API's.
 *
 * <p>PostgreSQL may plan the query in parallel ({@code crm.export.parallel-workers}): its workers then scan and join
 * side by side and the leader only streams the rows. The workers share the statement's snapshot.
 *
 * <p>{@code COPY} takes no bind parameters: the query is built by a repository from constants and the values below,
 * which render only characters that cannot end a literal.
 */
public class BulkExport {

    /** What an export is written as. */
    public enum Format {
        NDJSON("application/x-ndjson", "ndjson"),
        CSV("text/csv", "csv");

        private final String mediaType;
        private final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return extension;
        }

        /** {@code ndjson} (the default when null) or {@code csv}; anything else is null. */
        public static Format of(String value) {
            if (value == null) {
                return NDJSON;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "ndjson", "jsonl", "json" -> NDJSON;
                case "csv" -> CSV;
                default -> null;
            };
        }
    }

    /** PostgreSQL workers an export may use beside its own backend; {@code 0} renders on the backend alone. */
    public static final String PARALLEL_WORKERS_PROPERTY = "crm.export.parallel-workers";

    /**
     * Memory (MB) each sort or hash of an export may use before spilling to disk: an export joins every row it
     * writes (customers with their aggregated references, purchases with their customers), and with PostgreSQL's
     * default of 4 MB those hashes spill or the planner walks an index in random order instead.
     */
    public static final String WORK_MEM_PROPERTY = "crm.export.work-mem-mb";

    private final DataSource dataSource;
    private final Duration timeout;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final int parallelWorkers;
    private final int workMemMegabytes;

    public BulkExport(
            DataSource dataSource,
            Duration timeout,
            AuditTrail audit,
            TransactionTemplate transactions,
            int parallelWorkers,
            int workMemMegabytes) {
        this.dataSource = dataSource;
        this.timeout = timeout;
        this.audit = audit;
        this.transactions = transactions;
        this.parallelWorkers = Math.max(0, parallelWorkers);
        this.workMemMegabytes = Math.max(1, workMemMegabytes);
    }

    /**
     * Answers an export request: checks {@code format} (400 naming it), records {@code <what>.exported} in the audit
     * trail (before streaming: an export cut short was still taken) and streams {@code select} as an attachment.
     */
    public void respond(String what, String select, String format, Instant updatedSince, HttpServletResponse response)
            throws IOException {
        Format chosen = Format.of(format);
        if (chosen == null) {
            throw ApiException.invalid("format", ErrorCode.INVALID_VALUE, "ndjson or csv");
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("format", chosen.extension());
        if (updatedSince != null) {
            details.put("updatedSince", updatedSince.toString());
        }
        transactions.executeWithoutResult(tx -> audit.record(what + ".exported", "export", what, details));
        response.setContentType(chosen.mediaType() + ";charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + what + "." + chosen.extension() + "\"");
        stream(select, chosen, response.getOutputStream());
    }

    /**
     * Writes every row of {@code select} to {@code out}; NDJSON has one object per line with the columns' names as
     * keys (json/jsonb columns nested as JSON), CSV has a header line. @return the rows written
     */
    public long stream(String select, Format format, OutputStream out) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                try (Statement s = connection.createStatement()) {
                    s.execute("set local statement_timeout = " + timeout.toMillis());
                    s.execute("set local work_mem = '" + workMemMegabytes + "MB'");
                    // the planner's defaults price sending each row from a worker to the leader so high that a full
                    // export would never run in parallel; here every row is sent anyway
                    s.execute("set local max_parallel_workers_per_gather = " + parallelWorkers);
                    s.execute("set local parallel_setup_cost = 0");
                    s.execute("set local parallel_tuple_cost = 0.0001");
                }
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                long bytes = switch (format) {
                    case NDJSON -> jsonLines(connection, copy, select, out);
                    case CSV -> copy.copyOut("copy (" + select + ") to stdout with (format csv, header true)", out);
                };
                connection.commit();
                return bytes;
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
                connection.setReadOnly(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw new IOException("export failed: " + e.getMessage(), e);
        }
    }

    /**
     * NDJSON: the rows copied as text, rendered as JSON here ({@link JsonLines}); columns of a type it does not render
     * itself come as {@code to_json} from the database.
     */
    private static long jsonLines(Connection connection, CopyManager copy, String select, OutputStream out)
            throws SQLException, IOException {
        List<JsonLines.Column> columns = new ArrayList<>();
        StringJoiner rendered = new StringJoiner(", ", "copy (select ", " from (" + select + ") x) to stdout");
        try (PreparedStatement describe = connection.prepareStatement("select * from (" + select + ") x limit 0")) {
            ResultSetMetaData meta = describe.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String name = meta.getColumnLabel(i);
                JsonLines.Kind kind = kind(meta.getColumnTypeName(i));
                String column = "x.\"" + name.replace("\"", "\"\"") + "\"";
                rendered.add(kind == null ? "to_json(" + column + ")" : column);
                columns.add(new JsonLines.Column(name, kind == null ? JsonLines.Kind.JSON : kind));
            }
        }
        JsonLines lines = new JsonLines(columns, out);
        CopyOut rows = copy.copyOut(rendered.toString());
        try {
            byte[] row;
            while ((row = rows.readFromCopy()) != null) {
                lines.row(row);
            }
        } finally {
            if (rows.isActive()) {
                rows.cancelCopy();
            }
        }
        return lines.finish();
    }

    /** How {@link JsonLines} renders a column of this type; null for a type the database renders with to_json. */
    private static JsonLines.Kind kind(String type) {
        return switch (type) {
            case "json", "jsonb" -> JsonLines.Kind.JSON;
            case "int2", "int4", "int8", "float4", "float8", "numeric" -> JsonLines.Kind.NUMBER;
            case "bool" -> JsonLines.Kind.BOOLEAN;
            case "timestamptz" -> JsonLines.Kind.TIMESTAMPTZ;
            case "timestamp" -> JsonLines.Kind.TIMESTAMP;
            case "uuid", "text", "varchar", "bpchar", "name", "date" -> JsonLines.Kind.STRING;
            default -> null;
        };
    }

    /** A {@code timestamptz} literal: an ISO instant holds only digits, '-', ':', '.', 'T' and 'Z'. */
    public static String timestamp(Instant instant) {
        return "timestamptz '" + instant + "'";
    }
}
