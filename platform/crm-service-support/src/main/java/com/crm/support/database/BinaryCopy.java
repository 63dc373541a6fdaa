package com.crm.support.database;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows written with {@code COPY ... FROM STDIN (FORMAT binary)} on a connection (the caller's transaction's), buffered
 * and sent every ~1 MiB: the cheapest way to put many rows into PostgreSQL, which neither parses text nor plans a
 * statement per row. Columns are written in the order of the {@code COPY}'s column list; a null is written as such.
 * The server's encoding is UTF-8 (every service's database), so text goes as its UTF-8 bytes.
 *
 * <pre>
 * BinaryCopy.copy(connection, "copy t (id, name) from stdin (format binary)", copy -> {
 *     for (Row r : rows) {
 *         copy.row(2).uuid(r.id()).text(r.name());
 *     }
 * });
 * </pre>
 */
public final class BinaryCopy implements AutoCloseable {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final int FLUSH_AT = 1 << 20;
    private static final Instant POSTGRES_EPOCH = Instant.parse("2000-01-01T00:00:00Z");
    private static final LocalDate POSTGRES_EPOCH_DATE = LocalDate.of(2000, 1, 1);

    private final CopyIn copy;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_AT + (FLUSH_AT >> 2));
    private final DataOutputStream out = new DataOutputStream(buffer);
    private long rows;

    private BinaryCopy(CopyIn copy) throws IOException {
        this.copy = copy;
        out.write(SIGNATURE);
        out.writeInt(0); // flags
        out.writeInt(0); // header extension length
    }

    /** What writes a copy's rows. */
    @FunctionalInterface
    public interface Rows {
        void write(BinaryCopy copy) throws SQLException;
    }

    /**
     * Runs {@code copySql} on the connection with the rows {@code rows} writes, and finishes it; @return false (and
     * nothing written) when the connection is not PostgreSQL's, so the caller writes its rows another way
     */
    public static boolean copy(Connection connection, String copySql, Rows rows) throws SQLException {
        if (!connection.isWrapperFor(PGConnection.class)) {
            return false;
        }
        try (BinaryCopy copy = start(connection, copySql)) {
            rows.write(copy);
            copy.finish();
            return true;
        }
    }

    /** What runs on the rows once they are in the staging table. */
    @FunctionalInterface
    public interface Staged<T> {
        T apply(Statement statement) throws SQLException;
    }

    /**
     * Copies the rows into a session's staging table ({@code stagingDdl} creates it if missing, {@code on commit
     * delete rows}), runs {@code apply} while they are there (an upsert or an insert from the table, the statements
     * that cannot be a plain COPY) and empties the table, so that a second batch in the same transaction does not see
     * them; @return what {@code apply} returned, or null (nothing written) when the connection is not PostgreSQL's
     */
    public static <T> T throughStaging(
            Connection connection, String stagingTable, String stagingDdl, String columns, Rows rows, Staged<T> apply)
            throws SQLException {
        if (!connection.isWrapperFor(PGConnection.class)) {
            return null;
        }
        try (Statement s = connection.createStatement()) {
            s.execute(stagingDdl);
        }
        copy(connection, "copy " + stagingTable + " (" + columns + ") from stdin (format binary)", rows);
        try (Statement s = connection.createStatement()) {
            T result = apply.apply(s);
            s.execute("truncate " + stagingTable);
            return result;
        }
    }

    /** Starts {@code copySql} ({@code copy <table> (<columns>) from stdin (format binary)}) on the connection. */
    private static BinaryCopy start(Connection connection, String copySql) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            return new BinaryCopy(copy);
        } catch (IOException e) {
            copy.cancelCopy();
            throw new UncheckedIOException(e);
        }
    }

    /** Begins a row of {@code columns} values; the previous row is sent when the buffer is full. */
    public BinaryCopy row(int columns) throws SQLException {
        if (buffer.size() >= FLUSH_AT) {
            send();
        }
        rows++;
        return write(() -> out.writeShort(columns));
    }

    public BinaryCopy uuid(UUID value) {
        if (value == null) {
            return nil();
        }
        return write(() -> {
            out.writeInt(16);
            out.writeLong(value.getMostSignificantBits());
            out.writeLong(value.getLeastSignificantBits());
        });
    }

    /** text, varchar or char. */
    public BinaryCopy text(String value) {
        return value == null ? nil() : bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** bytea. */
    public BinaryCopy bytes(byte[] value) {
        if (value == null) {
            return nil();
        }
        return write(() -> {
            out.writeInt(value.length);
            out.write(value);
        });
    }

    /** smallint. */
    public BinaryCopy int2(Short value) {
        if (value == null) {
            return nil();
        }
        return write(() -> {
            out.writeInt(2);
            out.writeShort(value);
        });
    }

    /** integer. */
    public BinaryCopy int4(Integer value) {
        if (value == null) {
            return nil();
        }
        return write(() -> {
            out.writeInt(4);
            out.writeInt(value);
        });
    }

    /** jsonb, from its JSON text (sent as jsonb's binary form: version 1, then the text, which the server parses). */
    public BinaryCopy jsonb(String json) {
        if (json == null) {
            return nil();
        }
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        return write(() -> {
            out.writeInt(text.length + 1);
            out.writeByte(1);
            out.write(text);
        });
    }

    /** double precision. */
    public BinaryCopy float8(Double value) {
        if (value == null) {
            return nil();
        }
        return write(() -> {
            out.writeInt(8);
            out.writeDouble(value);
        });
    }

    /** timestamptz (microseconds; finer digits are cut, as PostgreSQL stores them). */
    public BinaryCopy timestamptz(Instant value) {
        if (value == null) {
            return nil();
        }
        return write(() -> {
            out.writeInt(8);
            out.writeLong(ChronoUnit.MICROS.between(POSTGRES_EPOCH, value));
        });
    }

    /** date. */
    public BinaryCopy date(LocalDate value) {
        if (value == null) {
            return nil();
        }
        return write(() -> {
            out.writeInt(4);
            out.writeInt((int) ChronoUnit.DAYS.between(POSTGRES_EPOCH_DATE, value));
        });
    }

    /** Sends the rest and ends the copy; @return the rows written */
    public long finish() throws SQLException {
        write(() -> out.writeShort(-1)); // trailer
        send();
        copy.endCopy();
        return rows;
    }

    /** Cancels a copy that did not finish (its rows are not written). */
    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private BinaryCopy nil() {
        return write(() -> out.writeInt(-1));
    }

    private interface Value {
        void write() throws IOException;
    }

    /** Into the buffer: a byte array stream does not fail. */
    private BinaryCopy write(Value value) {
        try {
            value.write();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send() throws SQLException {
        copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
        buffer.reset();
    }
}
