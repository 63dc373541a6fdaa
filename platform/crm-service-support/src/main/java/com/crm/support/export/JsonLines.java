package com.crm.support.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the rows of a {@code COPY ... TO STDOUT} in text format into JSON objects, one a line, byte for byte as
 * {@code row_to_json} renders them: keys are the columns' names, json/jsonb columns are nested, numbers and booleans
 * bare, timestamps in ISO 8601 with a {@code T}, everything else a JSON string.
 *
 * <p>Why not {@code row_to_json} itself: rendering JSON costs PostgreSQL's one backend several times what copying the
 * row's text does, while the service's JVM waits on the socket. Rendered here, the database copies text at close to
 * {@code COPY}'s speed and the JVM writes the JSON on the other core as the rows arrive. Types the renderer does not
 * know are given to it already as JSON ({@link Kind#JSON} from {@code to_json} in the query).
 *
 * <p>One difference on purpose: a line break inside a {@code json} value (whitespace between its tokens; {@code jsonb}
 * never has one) becomes a space, so a line is always one row.
 */
final class JsonLines {

    /** How a column's COPY text becomes JSON. */
    enum Kind {
        /** Already JSON (json, jsonb, or a column the query renders with {@code to_json}): copied as it is. */
        JSON,
        /** numeric, integer and floating point: bare when the text is a number ({@code NaN} and infinities quoted). */
        NUMBER,
        /** {@code t} / {@code f} to {@code true} / {@code false}. */
        BOOLEAN,
        /** {@code 2026-01-01 10:00:00+00} to {@code "2026-01-01T10:00:00+00:00"}. */
        TIMESTAMPTZ,
        /** {@code 2026-01-01 10:00:00} to {@code "2026-01-01T10:00:00"}. */
        TIMESTAMP,
        /** Any other text, escaped as a JSON string. */
        STRING
    }

    record Column(String name, Kind kind) {}

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int FLUSH_AT = 1 << 16;

    private final Kind[] kinds;
    /** {@code {"name":} for the first column, {@code ,"name":} for the others. */
    private final byte[][] keys;

    private final OutputStream out;
    private byte[] buffer = new byte[256];
    private int length;
    private long rows;

    JsonLines(List<Column> columns, OutputStream out) {
        this.out = out;
        this.kinds = columns.stream().map(Column::kind).toArray(Kind[]::new);
        this.keys = new byte[columns.size()][];
        for (int i = 0; i < columns.size(); i++) {
            keys[i] = key(columns.get(i).name(), i == 0);
        }
    }

    /** Writes one COPY text row (its columns separated by tabs, ending in a line feed) as one JSON line. */
    void row(byte[] row) throws IOException {
        int end = row.length;
        if (end > 0 && row[end - 1] == '\n') {
            end--;
        }
        int start = 0;
        for (int column = 0; column < kinds.length; column++) {
            int stop = start;
            while (stop < end && row[stop] != '\t') {
                stop++;
            }
            append(keys[column]);
            value(kinds[column], row, start, stop);
            start = stop + 1;
        }
        ensure(2);
        buffer[length++] = '}';
        buffer[length++] = '\n';
        rows++;
        if (length >= FLUSH_AT) {
            flush();
        }
    }

    /** Writes what is buffered; @return the rows written */
    long finish() throws IOException {
        flush();
        out.flush();
        return rows;
    }

    private void value(Kind kind, byte[] row, int from, int to) {
        if (to - from == 2 && row[from] == '\\' && row[from + 1] == 'N') {
            append(NULL);
            return;
        }
        switch (kind) {
            case JSON -> unescape(row, from, to, true);
            case NUMBER -> {
                if (isNumber(row, from, to)) {
                    ensure(to - from);
                    System.arraycopy(row, from, buffer, length, to - from);
                    length += to - from;
                } else {
                    quoted(row, from, to);
                }
            }
            case BOOLEAN -> append(row[from] == 't' ? TRUE : FALSE);
            case TIMESTAMPTZ, TIMESTAMP -> timestamp(kind, row, from, to);
            case STRING -> quoted(row, from, to);
        }
    }

    /** Text output (DateStyle ISO, which the driver keeps) to the XSD form {@code to_json} gives. */
    private void timestamp(Kind kind, byte[] row, int from, int to) {
        // infinity, -infinity: as they are, quoted
        if (to - from < 19 || row[from + 10] != ' ') {
            quoted(row, from, to);
            return;
        }
        ensure(to - from + 6);
        buffer[length++] = '"';
        System.arraycopy(row, from, buffer, length, to - from);
        buffer[length + 10] = 'T';
        length += to - from;
        if (kind == Kind.TIMESTAMPTZ) {
            // the offset: "+00" becomes "+00:00"; "+05:30" and "+00:53:28" are already whole
            int sign = to - 1;
            while (sign > from + 19 && row[sign] != '+' && row[sign] != '-') {
                sign--;
            }
            if (to - sign == 3) {
                buffer[length++] = ':';
                buffer[length++] = '0';
                buffer[length++] = '0';
            }
        }
        buffer[length++] = '"';
    }

    private void quoted(byte[] row, int from, int to) {
        ensure(1);
        buffer[length++] = '"';
        unescape(row, from, to, false);
        ensure(1);
        buffer[length++] = '"';
    }

    /**
     * Undoes COPY's text escapes ({@code \\}, {@code \n}, {@code \t}, ...) and, for a string, applies JSON's as
     * PostgreSQL's {@code escape_json} does; for a JSON value, line breaks and tabs (only ever whitespace there)
     * become spaces.
     */
    private void unescape(byte[] row, int from, int to, boolean json) {
        ensure((to - from) * 6);
        for (int i = from; i < to; i++) {
            byte b = row[i];
            if (b == '\\' && i + 1 < to) {
                byte e = row[++i];
                byte c = switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'v' -> 0x0b;
                    default -> e;
                };
                if (json) {
                    buffer[length++] = c == '\n' || c == '\r' || c == '\t' ? (byte) ' ' : c;
                } else {
                    escaped(c);
                }
            } else if (json) {
                buffer[length++] = b;
            } else {
                escaped(b);
            }
        }
    }

    private void escaped(byte c) {
        switch (c) {
            case '"' -> {
                buffer[length++] = '\\';
                buffer[length++] = '"';
            }
            case '\\' -> {
                buffer[length++] = '\\';
                buffer[length++] = '\\';
            }
            case '\n' -> {
                buffer[length++] = '\\';
                buffer[length++] = 'n';
            }
            case '\r' -> {
                buffer[length++] = '\\';
                buffer[length++] = 'r';
            }
            case '\t' -> {
                buffer[length++] = '\\';
                buffer[length++] = 't';
            }
            case '\b' -> {
                buffer[length++] = '\\';
                buffer[length++] = 'b';
            }
            case '\f' -> {
                buffer[length++] = '\\';
                buffer[length++] = 'f';
            }
            default -> {
                if (c >= 0 && c < 0x20) {
                    buffer[length++] = '\\';
                    buffer[length++] = 'u';
                    buffer[length++] = '0';
                    buffer[length++] = '0';
                    buffer[length++] = HEX[c >> 4];
                    buffer[length++] = HEX[c & 0xf];
                } else {
                    buffer[length++] = c;
                }
            }
        }
    }

    /** What {@code row_to_json} leaves bare: a number's text starts with a digit, or a minus and a digit. */
    private static boolean isNumber(byte[] row, int from, int to) {
        int first = row[from] == '-' && to - from > 1 ? from + 1 : from;
        return row[first] >= '0' && row[first] <= '9';
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private void flush() throws IOException {
        out.write(buffer, 0, length);
        length = 0;
    }

    /** {@code {"name":} or {@code ,"name":}, escaped as the values are. */
    private static byte[] key(String name, boolean first) {
        JsonLines key = new JsonLines(List.of(), OutputStream.nullOutputStream());
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        key.ensure(bytes.length * 6 + 4);
        key.buffer[key.length++] = (byte) (first ? '{' : ',');
        key.buffer[key.length++] = '"';
        for (byte b : bytes) {
            key.escaped(b);
        }
        key.buffer[key.length++] = '"';
        key.buffer[key.length++] = ':';
        return Arrays.copyOf(key.buffer, key.length);
    }
}
