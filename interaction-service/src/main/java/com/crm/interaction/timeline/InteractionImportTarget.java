package com.crm.interaction.timeline;

import com.crm.support.batch.BatchResponse.ItemResult;
import com.crm.support.imports.ImportOutcome;
import com.crm.support.imports.ImportTarget;
import com.crm.support.security.CrmActor;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Import jobs of INTERACTIONS ({@code /api/interactions/imports}): rows are /api/interactions/batch items, recorded
 * as that batch records them (validation, (source, externalId) idempotency, contact policies, events). An interaction
 * sent before (the batch's {@code existing}) is UNCHANGED.
 */
@Component
class InteractionImportTarget implements ImportTarget<InteractionBatch.Taken> {

    private final InteractionBatch batch;

    InteractionImportTarget(InteractionBatch batch) {
        this.batch = batch;
    }

    @Override
    public String object() {
        return "INTERACTIONS";
    }

    @Override
    public Class<?> itemType() {
        return InteractionInput.class;
    }

    @Override
    public List<ItemResult<InteractionBatch.Taken>> apply(List<JsonNode> items, CrmActor actor) {
        return batch.recordInTransaction(items, Caller.current()).results();
    }

    @Override
    public Applied applied(InteractionBatch.Taken taken) {
        return new Applied(taken.id(), taken.source(), taken.externalId());
    }

    @Override
    public ImportOutcome outcome(String status) {
        return InteractionBatch.EXISTING.equals(status) ? ImportOutcome.UNCHANGED : ImportTarget.super.outcome(status);
    }
}
