package com.crm.support.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.CrmInfrastructure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The NDJSON the JVM renders from COPY's text equals, byte for byte, what PostgreSQL's {@code row_to_json} renders
 * for the same rows: every type an export holds, nulls, and text that needs escaping in COPY and in JSON alike.
 */
class BulkExportNdjsonIntegrationTest {

    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void database() throws Exception {
        CrmInfrastructure.Database db = CrmInfrastructure.get().newDatabase("bulk_export");
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(db.jdbcUrl());
        dataSource.setUser(db.username());
        dataSource.setPassword(db.password());
        try (Connection c = dataSource.getConnection()) {
            c.createStatement().execute("""
                    create table sample (
                        id uuid, name varchar(200), note text, code char(3), small smallint, count integer,
                        big bigint, amount numeric(19, 4), ratio double precision, single real, flag boolean,
                        at timestamptz, local_at timestamp, day date, doc jsonb, raw json, tags text[],
                        spent interval, payload bytea)""");
            c.createStatement().execute("""
                    insert into sample values
                      ('0b6c1a52-5c1f-4c8e-9a3e-2f1f6c1d9e01', 'Zoë "Q" O''Brien', e'line one\\nline two\\ttab\\\\back',
                       'CNY', -3, 42, 9007199254740993, 1234.5000, 0.1, 1.5, true,
                       '2026-12-07 21:00:00.123456+00', '2026-01-01 10:00:00', '2026-02-28',
                       '{"k": "v\\"q", "n": [1, 2.50, null], "nested": {"x": "line\\nbreak"}}',
                       '{"a" :  1}', array['vip', 'a,b', 'quote"d', null], interval '1 day 2 hours', '\\x00ff'),
                      (null, null, e'ctl \\x01\\x1f\\b\\f\\r\\x0b end', null, null, null, null, 'NaN', 'Infinity',
                       '-Infinity', false, 'infinity', '-infinity', 'infinity', 'null', '[]', '{}', null, null),
                      ('0b6c1a52-5c1f-4c8e-9a3e-2f1f6c1d9e02', '北京 customer', '\\N', 'EUR', 0, -1, 0, -0.0001,
                       -2.5e-10, 3.4e38, null, '1999-12-31 23:59:59+05:30', '1999-12-31 23:59:59.5', '1970-01-01',
                       '"just a string"', '123', array[]::text[], interval '-3 minutes', '')""");
        }
    }

    @Test
    void rendersEveryRowAsRowToJsonDoes() throws Exception {
        for (String zone : new String[] {"UTC", "Asia/Kolkata", "America/St_Johns"}) {
            String select = "select * from sample";
            assertThat(ndjson(select, zone)).isEqualTo(rowToJson(select, zone));
        }
    }

    @Test
    void columnNamesAreEscapedAndAliasesKept() throws Exception {
        String select = "select name as \"display \"\"Name\"\"\", amount as \"amount\\\\raw\", day from sample";
        assertThat(ndjson(select, "UTC")).isEqualTo(rowToJson(select, "UTC"));
        assertThat(ndjson(select, "UTC")).contains("{\"display \\\"Name\\\"\":\"Zoë \\\"Q\\\" O'Brien\"");
    }

    @Test
    void aLineBreakInsideAJsonValueStaysOnItsLine() throws Exception {
        String select = "select 1 as n, cast(e'{\\n  \"a\": [1,\\n 2]\\n}' as json) as doc";
        assertThat(ndjson(select, "UTC")).isEqualTo("{\"n\":1,\"doc\":{   \"a\": [1,  2] }}\n");
    }

    @Test
    void anEmptyResultIsAnEmptyExport() throws Exception {
        assertThat(ndjson("select * from sample where false", "UTC")).isEmpty();
    }

    private static String ndjson(String select, String zone) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BulkExport export = new BulkExport(withZone(zone), Duration.ofMinutes(1), null, null, 0, 64);
        long rows = export.stream(select, BulkExport.Format.NDJSON, out);
        String lines = out.toString(StandardCharsets.UTF_8);
        assertThat(lines.chars().filter(c -> c == '\n').count()).isEqualTo(rows);
        return lines;
    }

    /** What the database renders: one row_to_json line a row, copied with no escaping of its own. */
    private static String rowToJson(String select, String zone) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connection c = withZone(zone).getConnection()) {
            c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyOut(
                            "copy (select row_to_json(x) from (" + select + ") x) to stdout "
                                    + "with (format csv, quote e'\\x01', delimiter e'\\x02')",
                            out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static PGSimpleDataSource withZone(String zone) {
        PGSimpleDataSource zoned = new PGSimpleDataSource();
        zoned.setUrl(dataSource.getUrl());
        zoned.setUser(dataSource.getUser());
        zoned.setPassword(dataSource.getPassword());
        zoned.setOptions("-c TimeZone=" + zone);
        return zoned;
    }
}
