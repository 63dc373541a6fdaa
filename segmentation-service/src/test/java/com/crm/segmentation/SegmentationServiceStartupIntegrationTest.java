package com.crm.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.CrmServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@CrmServiceTest
class SegmentationServiceStartupIntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void startsWithItsSchemaAndRefusesCallsWithoutAToken() {
        ApiClient anonymous = ApiClient.of("http://localhost:" + port);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        var refused = anonymous.get("/api/segmentation/fits");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }
}
