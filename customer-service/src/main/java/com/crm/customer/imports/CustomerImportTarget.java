package com.crm.customer.imports;

import com.crm.customer.erp.CustomerSync;
import com.crm.customer.erp.CustomerUpsertItem;
import com.crm.customer.profile.CustomerInput;
import com.crm.support.batch.BatchResponse.ItemResult;
import com.crm.support.imports.ImportTarget;
import com.crm.support.security.CrmActor;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Import jobs of CUSTOMERS: rows are /api/customers/batch items, upserted as that batch does. */
@Component
class CustomerImportTarget implements ImportTarget<CustomerSync.Synced> {

    private final CustomerSync customers;

    CustomerImportTarget(CustomerSync customers) {
        this.customers = customers;
    }

    @Override
    public String object() {
        return "CUSTOMERS";
    }

    @Override
    public Class<?> itemType() {
        return CustomerUpsertItem.class;
    }

    /** The item's customer is raw JSON, so that one bad customer is rejected alone. */
    @Override
    public Map<String, Class<?>> rawJsonFields() {
        return Map.of("customer", CustomerInput.class);
    }

    @Override
    public List<ItemResult<CustomerSync.Synced>> apply(List<JsonNode> items, CrmActor actor) {
        return customers.upsertAllInTransaction(items).results();
    }

    @Override
    public Applied applied(CustomerSync.Synced synced) {
        return new Applied(synced.id(), synced.source(), synced.externalId());
    }
}
