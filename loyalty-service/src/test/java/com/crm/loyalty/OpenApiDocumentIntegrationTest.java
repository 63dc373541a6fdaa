package com.crm.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every operation of the document has a summary, and the loyalty paths are all there. */
class OpenApiDocumentIntegrationTest extends LoyaltyIntegrationTest {

    @Test
    void everyOperationHasASummary() {
        JsonNode doc = anonymous.get("/v3/api-docs").json();
        List<String> missing = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            paths.add(path.getKey());
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!op.getValue().has("summary")) {
                    missing.add(op.getKey() + " " + path.getKey());
                }
            }
        }
        assertThat(missing).as("operations without a summary").isEmpty();
        assertThat(paths)
                .contains(
                        "/api/loyalty/members",
                        "/api/loyalty/members/{customerId}",
                        "/api/loyalty/members/{customerId}/journal",
                        "/api/loyalty/members/{customerId}/adjustments",
                        "/api/loyalty/members/{customerId}/redemptions",
                        "/api/loyalty/expiring",
                        "/api/loyalty/earning-rules",
                        "/api/loyalty/levels",
                        "/api/loyalty/rewards",
                        "/api/loyalty/coupons",
                        "/api/loyalty/coupons/{code}/redemption");
    }
}
