package com.crm.support.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperationIdTest {

    @Test
    void theControllersResourceThenTheMethod() {
        assertThat(CrmOpenApiAutoConfiguration.operationId("CustomerController", "register"))
                .isEqualTo("customerRegister");
        assertThat(CrmOpenApiAutoConfiguration.operationId("CommunicationPlanController", "create"))
                .isEqualTo("communicationPlanCreate");
        assertThat(CrmOpenApiAutoConfiguration.operationId("Controller", "list"))
                .isEqualTo("list");
        assertThat(CrmOpenApiAutoConfiguration.operationId("Webhooks", "ping")).isEqualTo("webhooksPing");
    }
}
