package com.crm.customer.imports;

import com.crm.customer.purchase.PurchaseInput;
import com.crm.customer.purchase.PurchaseService;
import com.crm.customer.purchase.PurchaseView;
import com.crm.support.batch.BatchResponse.ItemResult;
import com.crm.support.imports.ImportTarget;
import com.crm.support.security.CrmActor;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Import jobs of PURCHASES: rows are /api/purchases/batch items, recorded as that batch does. */
@Component
class PurchaseImportTarget implements ImportTarget<PurchaseView> {

    private final PurchaseService purchases;

    PurchaseImportTarget(PurchaseService purchases) {
        this.purchases = purchases;
    }

    @Override
    public String object() {
        return "PURCHASES";
    }

    @Override
    public Class<?> itemType() {
        return PurchaseInput.class;
    }

    @Override
    public List<ItemResult<PurchaseView>> apply(List<JsonNode> items, CrmActor actor) {
        return purchases.recordAll(items).results();
    }

    @Override
    public Applied applied(PurchaseView purchase) {
        return new Applied(purchase.id(), purchase.source(), purchase.erpId());
    }
}
