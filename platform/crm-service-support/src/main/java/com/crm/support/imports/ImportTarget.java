package com.crm.support.imports;

import com.crm.support.batch.BatchResponse.ItemResult;
import com.crm.support.security.CrmActor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What a service imports: one bean per object (e.g. CUSTOMERS), each taking the rows of its batch API. A service with
 * at least one target gets the import job resource at {@code crm.imports.path} (default {@code /api/imports}) and
 * keeps the job, staging and result tables ({@code import_job}, {@code import_row}, {@code import_result}) in its own
 * Flyway migration.
 *
 * @param <R> what the batch API answers for an item it took
 */
public interface ImportTarget<R> {

    /** The job's {@code object}, upper case, e.g. {@code INTERACTIONS} (at most 16 characters). */
    String object();

    /** The batch item: CSV mappings are checked against its fields; NDJSON rows are items already. */
    Class<?> itemType();

    /**
     * Fields of the item that hold raw JSON (read later, so that one bad item is rejected alone), by their path from
     * the item (e.g. {@code customer}), and the class that JSON is read as: mappings into them are checked against it.
     */
    default Map<String, Class<?>> rawJsonFields() {
        return Map.of();
    }

    /**
     * Applies a chunk's items in the caller's transaction, as the batch API does (same validation, idempotency and
     * events), with the job's creator as the current actor ({@code actor}, also in the security context).
     *
     * @return one result per item, in order, as the batch API answers them (field paths relative to the item)
     */
    List<ItemResult<R>> apply(List<JsonNode> items, CrmActor actor);

    /** The record an applied item wrote or found, for its row of the job's results. */
    Applied applied(R result);

    /** The import outcome of a batch status; the batch API's created, updated, unchanged and rejected by default. */
    default ImportOutcome outcome(String status) {
        return ImportOutcome.valueOf(status.toUpperCase(Locale.ROOT));
    }

    /**
     * @param externalId the record's id in the source system (a purchase's erpId, ...)
     */
    record Applied(UUID id, String source, String externalId) {}
}
