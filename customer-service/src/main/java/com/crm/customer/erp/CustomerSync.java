package com.crm.customer.erp;

import com.crm.customer.profile.CustomerService;
import com.crm.customer.profile.CustomerService.UpsertRequest;
import com.crm.customer.profile.CustomerService.UpsertResult;
import com.crm.customer.profile.ExternalReference;
import com.crm.support.batch.BatchResponse;
import com.crm.support.batch.BatchResponse.ItemProblem;
import com.crm.support.batch.BatchResponse.ItemResult;
import com.crm.support.json.JsonBinder;
import com.crm.support.problem.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * ERP batch upsert: new references are created set-based, the others item by item behind a savepoint, so a bad item
 * is rejected alone. Bulk import jobs apply their chunks through the same method.
 */
@Service
public class CustomerSync {

    private static final Logger log = LoggerFactory.getLogger(CustomerSync.class);

    /** What a batch answers for each customer it took. */
    public record Synced(UUID id, String source, String externalId, long version) {}

    private final CustomerService customers;
    private final JsonBinder binder;
    private final TransactionTemplate transactions;

    CustomerSync(CustomerService customers, JsonBinder binder, TransactionTemplate transactions) {
        this.customers = customers;
        this.binder = binder;
        this.transactions = transactions;
    }

    BatchResponse<Synced> upsertAll(List<JsonNode> items) {
        return transactions.execute(tx -> upsertAllInTransaction(items));
    }

    /**
     * Upserts batch items (each {@code {source, externalId, customer, recreate}}) in the caller's transaction.
     *
     * @return one result per item, in order, rejected ones naming every problem with paths relative to the item
     */
    public BatchResponse<Synced> upsertAllInTransaction(List<JsonNode> items) {
        @SuppressWarnings("unchecked")
        ItemResult<Synced>[] results = new ItemResult[items.size()];
        List<UpsertRequest> requests = new ArrayList<>(items.size());
        List<Integer> positions = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                CustomerUpsertItem item = binder.bind(items.get(i), CustomerUpsertItem.class);
                requests.add(new UpsertRequest(
                        new ExternalReference(item.source(), item.externalId()),
                        item.customer(),
                        Boolean.TRUE.equals(item.recreate())));
                positions.add(i);
            } catch (ApiException e) {
                results[i] = BatchResponse.rejected(i, e);
            }
        }
        List<UpsertResult> outcomes = customers.upsertAll(requests);
        for (int k = 0; k < outcomes.size(); k++) {
            int i = positions.get(k);
            UpsertResult result = outcomes.get(k);
            ExternalReference reference = requests.get(k).reference();
            if (result.failure() instanceof ApiException e) {
                results[i] = BatchResponse.rejected(i, BatchResponse.prefixed("customer", e));
            } else if (result.failure() != null) {
                log.error("Batch item {} failed", i, result.failure());
                results[i] = new ItemResult<>(
                        i,
                        BatchResponse.REJECTED,
                        null,
                        new ItemProblem(
                                500,
                                "urn:crm:problem:internal",
                                "Internal error",
                                "This item could not be processed; it has been logged; retry it",
                                List.of()));
            } else {
                var customer = result.outcome().customer();
                results[i] = new ItemResult<>(
                        i,
                        result.outcome().status().name().toLowerCase(Locale.ROOT),
                        new Synced(customer.id(), reference.source(), reference.externalId(), customer.version()),
                        null);
            }
        }
        return BatchResponse.of(Arrays.asList(results));
    }
}
