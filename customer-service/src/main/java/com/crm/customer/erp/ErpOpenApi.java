package com.crm.customer.erp;

import io.swagger.v3.core.converter.ModelConverters;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Batch items are bound from raw JSON (one bad item is rejected alone), so springdoc only sees a reference to the
 * item's schema; this puts the schema itself into the document, so generated clients can build items.
 */
@Configuration(proxyBeanMethods = false)
class ErpOpenApi {

    @Bean
    OpenApiCustomizer customerUpsertItemSchema() {
        return openApi -> ModelConverters.getInstance(true)
                .readAll(CustomerUpsertItem.class)
                .forEach(openApi.getComponents()::addSchemas);
    }
}
