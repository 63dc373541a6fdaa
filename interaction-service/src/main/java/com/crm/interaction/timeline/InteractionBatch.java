package com.crm.interaction.timeline;

import com.crm.interaction.check.ContactRefusedException;
import com.crm.support.batch.BatchResponse;
import com.crm.support.batch.BatchResponse.Outcome;
import com.crm.support.batch.BatchTransactions;
import com.crm.support.json.JsonBinder;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Records a batch item by item, each in its own transaction ({@link BatchResponse#process}): a bad item is
 * rejected with every problem it has (a policy refusal as a 422 naming each rule) and never sinks the others.
 */
@Component
class InteractionBatch {

    static final int MAX_ITEMS = 1000;
    static final String CREATED = "created";
    static final String EXISTING = "existing";

    private final InteractionService service;
    private final JsonBinder binder;
    private final BatchTransactions transactions;

    InteractionBatch(InteractionService service, JsonBinder binder, BatchTransactions transactions) {
        this.service = service;
        this.binder = binder;
        this.transactions = transactions;
    }

    /** What a batch answers for each interaction it took. */
    record Taken(UUID id, UUID customerId, String source, String externalId, boolean purchaseIntent) {}

    BatchResponse<Taken> record(List<JsonNode> items, Caller caller) {
        return BatchResponse.process(items, item -> one(item, caller));
    }

    /**
     * Records items as {@link #record} does, in the caller's transaction (an import chunk's): each item behind a
     * savepoint, so a rejected one undoes only its own writes. A policy refusal keeps its savepoint, as the batch
     * commits it: the refusal's event outlives the rejected write.
     */
    BatchResponse<Taken> recordInTransaction(List<JsonNode> items, Caller caller) {
        return BatchResponse.process(items, item -> {
            ContactRefusedException[] refused = new ContactRefusedException[1];
            Outcome<Taken> outcome = transactions.savepoint(() -> {
                try {
                    return one(item, caller);
                } catch (ContactRefusedException e) {
                    refused[0] = e;
                    return null;
                }
            });
            if (refused[0] != null) {
                throw refused[0];
            }
            return outcome;
        });
    }

    private Outcome<Taken> one(JsonNode item, Caller caller) {
        if (item == null || !item.isObject()) {
            throw ApiException.invalid("$", ErrorCode.TYPE_MISMATCH, "an interaction is a JSON object");
        }
        InteractionService.Recorded recorded = service.record(binder.bind(item, InteractionInput.class), caller);
        InteractionView i = recorded.interaction();
        return new Outcome<>(
                recorded.created() ? CREATED : EXISTING,
                new Taken(i.id(), i.customerId(), i.source(), i.externalId(), i.purchaseIntent()));
    }
}
