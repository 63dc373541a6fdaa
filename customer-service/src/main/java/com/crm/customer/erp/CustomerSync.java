package com.crm.customer.erp;

import com.crm.customer.profile.CustomerService;
import com.crm.customer.profile.CustomerService.ReferenceTakenConcurrently;
import com.crm.customer.profile.CustomerService.UpsertOutcome;
import com.crm.customer.profile.ExternalReference;
import com.crm.support.batch.BatchResponse;
import com.crm.support.batch.BatchResponse.Outcome;
import com.crm.support.batch.BatchTransactions;
import com.crm.support.json.JsonBinder;
import com.crm.support.problem.ApiException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** ERP batch upsert: each item in its own transaction, so a bad one is rejected alone. */
@Service
class CustomerSync {

    /** What a batch answers for each customer it took. */
    record Synced(UUID id, String source, String externalId, long version) {}

    private final CustomerService customers;
    private final JsonBinder binder;
    private final BatchTransactions transactions;

    CustomerSync(CustomerService customers, JsonBinder binder, BatchTransactions transactions) {
        this.customers = customers;
        this.binder = binder;
        this.transactions = transactions;
    }

    BatchResponse<Synced> upsertAll(List<JsonNode> items) {
        return transactions.process(items, this::upsert);
    }

    private Outcome<Synced> upsert(JsonNode node) {
        CustomerUpsertItem item = parse(node);
        var reference = new ExternalReference(item.source(), item.externalId());
        UpsertOutcome outcome;
        try {
            outcome = transactions.savepoint(() -> upsertOnce(reference, item));
        } catch (ReferenceTakenConcurrently e) {
            // another request created the same reference a moment ago: it exists now, so this becomes an update
            outcome = transactions.savepoint(() -> upsertOnce(reference, item));
        }
        var customer = outcome.customer();
        return new Outcome<>(
                outcome.status().name().toLowerCase(Locale.ROOT),
                new Synced(customer.id(), item.source(), item.externalId(), customer.version()));
    }

    private UpsertOutcome upsertOnce(ExternalReference reference, CustomerUpsertItem item) {
        try {
            return customers.upsert(reference, item.customer(), Boolean.TRUE.equals(item.recreate()));
        } catch (ApiException e) {
            throw BatchResponse.prefixed("customer", e);
        }
    }

    private CustomerUpsertItem parse(JsonNode node) {
        return binder.bind(node, CustomerUpsertItem.class);
    }
}
