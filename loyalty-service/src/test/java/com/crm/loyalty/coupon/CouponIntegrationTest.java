package com.crm.loyalty.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.loyalty.LoyaltyIntegrationTest;
import com.crm.test.ApiClient.ApiResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CouponIntegrationTest extends LoyaltyIntegrationTest {

    private ApiResponse issue(List<UUID> customers, Instant until) {
        StringBuilder ids = new StringBuilder();
        for (UUID c : customers) {
            ids.append(ids.isEmpty() ? "" : ",").append('"').append(c).append('"');
        }
        return writer.post(
                "/api/loyalty/coupons",
                "{\"customerIds\":[%s],\"campaign\":\"spring-sale\",\"validUntil\":\"%s\"}".formatted(ids, until));
    }

    @Test
    void aCouponIsRedeemedOnceEvenWhenTriedConcurrently() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        ApiResponse issued = issue(List.of(a, b), Instant.now().plus(30, ChronoUnit.DAYS));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        assertThat(issued.json().get("coupons")).hasSize(2);
        String code = issued.json().get("coupons").get(0).get("code").asString();
        assertThat(code).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){3}");
        assertThat(code)
                .isNotEqualTo(issued.json().get("coupons").get(1).get("code").asString());

        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> writer.post("/api/loyalty/coupons/" + code.toLowerCase() + "/redemption", null)
                    .status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        }
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        assertThat(statuses.stream().filter(s -> s == 409).count()).isEqualTo(7);

        String other = issued.json().get("coupons").get(1).get("code").asString();
        assertThat(writer.post("/api/loyalty/coupons/" + other + "/revocation", null)
                        .status())
                .isEqualTo(200);
        assertThat(writer.post("/api/loyalty/coupons/" + other + "/redemption", null)
                        .status())
                .isEqualTo(422);
        assertThat(writer.post("/api/loyalty/coupons/AAAA-BBBB-CCCC-DDDD/redemption", null)
                        .status())
                .isEqualTo(404);
        ApiResponse list = reader.get("/api/loyalty/coupons?customerId=" + a);
        assertThat(list.json().get("items").get(0).get("status").asString()).isEqualTo("REDEEMED");
    }

    @Test
    void badIssuesAreProblemsNamingTheFields() {
        ApiResponse bad = writer.post("/api/loyalty/coupons", "{\"customerIds\":[],\"campaign\":\"a b\"}");
        assertThat(bad.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("customerIds", "campaign", "validUntil");
        ApiResponse past = issue(List.of(UUID.randomUUID()), Instant.now().minus(1, ChronoUnit.DAYS));
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.json().get("errors").get(0).get("field").asString()).isEqualTo("validUntil");
    }
}
