package com.crm.support.imports;

import com.crm.support.export.BulkExport;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.ProblemTypes;
import com.crm.support.security.CrmActor;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;

/** Import jobs: created, fed a file (staged with COPY), queued, cancelled, and their results streamed. */
class ImportJobs {

    private static final String RESOURCE = "Import job";
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .build();

    private final ImportRepository jobs;
    private final ImportTargets targets;
    private final ImportProperties properties;
    private final TransactionTemplate transactions;
    private final BulkExport export;
    private final ImportRunner runner;
    private final Clock clock;

    ImportJobs(
            ImportRepository jobs,
            ImportTargets targets,
            ImportProperties properties,
            TransactionTemplate transactions,
            BulkExport export,
            ImportRunner runner,
            Clock clock) {
        this.jobs = jobs;
        this.targets = targets;
        this.properties = properties;
        this.transactions = transactions;
        this.export = export;
        this.runner = runner;
        this.clock = clock;
    }

    ImportJobView create(ImportRequest request, CrmActor actor) {
        ImportTarget<?> target = targets.of(request.object());
        if (request.format() == ImportFormat.CSV) {
            ImportMapping.of(target, request.mapping());
        } else if (request.mapping() != null && !request.mapping().isEmpty()) {
            throw ApiException.invalid(
                    "mapping", ErrorCode.NOT_ALLOWED, "NDJSON rows are batch items already; a mapping is for CSV");
        }
        var job = new ImportJob(
                UUID.randomUUID(),
                request.object(),
                request.format(),
                request.mapping(),
                ImportStatus.CREATED,
                ImportJob.Actor.of(actor),
                request.chunkSize() == null ? properties.chunkSize() : request.chunkSize(),
                null,
                null,
                null,
                0,
                new ImportJob.Counts(0, 0, 0, 0),
                0,
                null,
                null,
                null,
                now(),
                null,
                null,
                null);
        transactions.executeWithoutResult(tx -> jobs.insert(job));
        return ImportJobView.of(job);
    }

    ImportJobView get(UUID id, CrmActor actor) {
        return ImportJobView.of(visible(jobs.find(id).orElse(null), id, actor));
    }

    /**
     * Streams the file into the staging table in one transaction: all of it, or nothing when it breaks a bound
     * ({@code 413}) or its header does not hold the mapped columns ({@code 400}); then the job can start.
     */
    ImportJobView upload(UUID id, String contentType, InputStream body, boolean start, CrmActor actor) {
        ImportJobView view = transactions.execute(tx -> {
            ImportJob job = visible(jobs.lock(id).orElse(null), id, actor);
            if (job.status() != ImportStatus.CREATED) {
                throw ApiException.conflict("Import job " + id + " already has its file (status " + job.status()
                        + "); create a new job to import another file");
            }
            checkContentType(job.format(), contentType);
            MessageDigest sha256 = sha256();
            var bounded = new BoundedStream(body, properties.maxBytes().toBytes());
            var digest = new DigestInputStream(bounded, sha256);
            int[] rows = new int[1];
            try {
                jobs.stage(id, sink -> {
                    if (job.format() == ImportFormat.CSV) {
                        stageCsv(job, digest, sink, rows);
                    } else {
                        stageNdjson(digest, sink, rows);
                    }
                });
            } catch (IOException e) {
                for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                    if (cause instanceof ApiException api) {
                        throw api;
                    }
                }
                throw new ApiException(
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.MALFORMED,
                        "Unreadable file",
                        "The upload could not be read: " + e.getMessage(),
                        List.of(new FieldViolation("body", ErrorCode.INVALID_FORMAT, "unreadable " + job.format())));
            }
            if (rows[0] == 0) {
                throw ApiException.invalid("body", ErrorCode.REQUIRED, "the file holds no rows");
            }
            Instant at = now();
            jobs.uploaded(id, HexFormat.of().formatHex(sha256.digest()), bounded.count, rows[0], at);
            if (start) {
                jobs.status(id, ImportStatus.QUEUED, null);
            }
            return ImportJobView.of(jobs.find(id).orElseThrow());
        });
        if (view.status() == ImportStatus.QUEUED) {
            runner.poll();
        }
        return view;
    }

    ImportJobView start(UUID id, CrmActor actor) {
        ImportJobView view = transactions.execute(tx -> {
            ImportJob job = visible(jobs.lock(id).orElse(null), id, actor);
            switch (job.status()) {
                case UPLOADED -> jobs.status(id, ImportStatus.QUEUED, null);
                case QUEUED, RUNNING, COMPLETED -> {} // a retried start changes nothing
                case CREATED -> throw ApiException.conflict("Import job " + id + " has no file yet; PUT it to /data");
                case CANCELLED, FAILED ->
                    throw ApiException.conflict("Import job " + id + " is " + job.status() + "; create a new one");
            }
            return ImportJobView.of(jobs.find(id).orElseThrow());
        });
        if (view.status() == ImportStatus.QUEUED) {
            runner.poll();
        }
        return view;
    }

    /**
     * Stops the job after the chunk being applied (whose rows stay applied, with their results); a cancelled or
     * ended job stays as it is.
     */
    ImportJobView cancel(UUID id, CrmActor actor) {
        return transactions.execute(tx -> {
            ImportJob job = visible(jobs.lock(id).orElse(null), id, actor);
            if (!job.status().ended()) {
                jobs.status(id, ImportStatus.CANCELLED, now());
                jobs.dropStaged(id);
            }
            return ImportJobView.of(jobs.find(id).orElseThrow());
        });
    }

    /** Streams the job's results so far, in row order, as NDJSON or CSV. */
    void results(UUID id, ImportOutcome outcome, BulkExport.Format format, OutputStream out, CrmActor actor)
            throws IOException {
        visible(jobs.find(id).orElse(null), id, actor);
        export.stream(jobs.results(id, outcome), format, out);
    }

    /** A declared length over the bound is refused before a byte is read. */
    void requireSize(long declaredBytes) {
        if (declaredBytes > properties.maxBytes().toBytes()) {
            throw tooLarge(
                    declaredBytes + " bytes, more than " + properties.maxBytes().toBytes());
        }
    }

    /** Checks the caller may see the job before anything is written: a job is its creator's (or an admin's). */
    void requireVisible(UUID id, CrmActor actor) {
        visible(jobs.find(id).orElse(null), id, actor);
    }

    private static ImportJob visible(ImportJob job, UUID id, CrmActor actor) {
        if (job == null || !(actor.isAdmin() || job.actor().id().equals(actor.id()))) {
            throw ApiException.notFound(RESOURCE, id);
        }
        return job;
    }

    private void stageCsv(ImportJob job, InputStream in, ImportRepository.RowSink sink, int[] rows) throws IOException {
        ImportMapping mapping = ImportMapping.stored(job.mapping());
        try (MappingIterator<String[]> records =
                CSV.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(reader(in))) {
            if (!records.hasNext()) {
                throw new IOException(new ApiException(
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.VALIDATION,
                        "No header",
                        "A CSV import starts with a header naming its columns",
                        List.of(new FieldViolation("body", ErrorCode.REQUIRED, "a header row"))));
            }
            ImportMapping.Bound bound;
            try {
                bound = mapping.bind(records.next());
            } catch (ApiException e) {
                throw new IOException(e);
            }
            while (records.hasNext()) {
                String[] cells = records.next();
                int row = count(rows);
                if (cells.length != bound.width()) {
                    sink.row(
                            row,
                            null,
                            "this row has " + cells.length + " cells, the header " + bound.width() + " columns");
                } else {
                    sink.row(row, bound.document(cells).toString(), null);
                }
            }
        } catch (RuntimeException e) {
            // the parser's own failures (an unterminated quote, ...) come unchecked
            throw new IOException(rootMessage(e), e);
        }
    }

    private void stageNdjson(InputStream in, ImportRepository.RowSink sink, int[] rows) throws IOException {
        BufferedReader lines = new BufferedReader(reader(in), 1 << 16);
        String line;
        while ((line = lines.readLine()) != null) {
            int row = count(rows);
            if (line.length() > 1_000_000) {
                sink.row(row, null, "a row of more than 1,000,000 characters");
            } else if (line.isBlank()) {
                sink.row(row, null, "an empty line; each line holds one JSON item");
            } else {
                sink.row(row, line, null);
            }
        }
    }

    private int count(int[] rows) throws IOException {
        if (++rows[0] > properties.maxRows()) {
            throw new IOException(tooLarge("more than " + properties.maxRows() + " rows"));
        }
        return rows[0];
    }

    /** Invalid UTF-8 is an unreadable file, not text with replacement characters. */
    private static InputStreamReader reader(InputStream in) {
        return new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    private static void checkContentType(ImportFormat format, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        boolean fits = format == ImportFormat.CSV
                ? type.startsWith("text/csv") || type.startsWith("application/csv")
                : type.startsWith("application/x-ndjson") || type.startsWith("application/jsonl");
        if (!fits) {
            throw new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    ProblemTypes.VALIDATION,
                    "Wrong file type",
                    "This job takes " + format + ": send the file as "
                            + (format == ImportFormat.CSV ? "text/csv" : "application/x-ndjson"),
                    List.of(new FieldViolation("Content-Type", ErrorCode.INVALID_VALUE, "not " + format)));
        }
    }

    static ApiException tooLarge(String what) {
        return new ApiException(
                HttpStatus.CONTENT_TOO_LARGE,
                ProblemTypes.PAYLOAD_TOO_LARGE,
                "File too large",
                "An import file holds at most 1 GB and 5,000,000 rows; this one has " + what
                        + "; split it into several jobs",
                List.of(new FieldViolation("body", ErrorCode.OUT_OF_RANGE, what)));
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Counts what is read and stops at the bound, before the rest of a too large file is read. */
    private static final class BoundedStream extends FilterInputStream {
        private final long max;
        long count;

        BoundedStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(long n) throws IOException {
            count += n;
            if (count > max) {
                throw new IOException(tooLarge("more than " + max + " bytes"));
            }
        }
    }
}
