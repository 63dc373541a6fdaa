package com.crm.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceStartsIntegrationTest extends LoyaltyIntegrationTest {

    @Test
    void theDefaultProgramIsThereAndTheApiNeedsAToken() {
        assertThat(jdbc.sql("select auto_enrol from loyalty_program where code = 'default'")
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(anonymous
                        .get("/api/loyalty/members/00000000-0000-0000-0000-000000000001")
                        .status())
                .isEqualTo(401);
    }
}
