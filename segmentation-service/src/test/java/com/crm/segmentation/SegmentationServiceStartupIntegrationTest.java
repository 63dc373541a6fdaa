package com.crm.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.CrmServiceTest;
import java.util.List;
import java.util.UUID;
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
        assertThat(anonymous.get("/api/prospects").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/kpis").status()).isEqualTo(401);
        assertThat(anonymous
                        .get("/api/customers/" + UUID.randomUUID() + "/offers")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentListsTheProspectOfferAndKpiPathsWithSummaries() {
        var paths = ApiClient.of("http://localhost:" + port)
                .get("/v3/api-docs")
                .json()
                .get("paths");
        for (String path : List.of(
                "/api/prospects",
                "/api/prospects/{customerId}",
                "/api/prospects/conversion",
                "/api/customers/{customerId}/offers",
                "/api/customers/{customerId}/offers/declines",
                "/api/kpis",
                "/api/kpis/{name}",
                "/api/kpis/recompute")) {
            assertThat(paths.has(path)).as(path).isTrue();
            paths.get(path)
                    .properties()
                    .forEach(operation -> assertThat(operation.getValue().get("summary"))
                            .as(path + " " + operation.getKey())
                            .isNotNull());
        }
    }
}
