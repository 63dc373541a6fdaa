package com.crm.loyalty.level;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.loyalty.LoyaltyIntegrationTest;
import com.crm.test.ApiClient.ApiResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Upgrades at once on accrual; downgrades only after the review date plus the grace period (30 days). */
class LevelReviewIntegrationTest extends LoyaltyIntegrationTest {

    @Autowired
    Levels levels;

    private String level(UUID customer) {
        return reader.get("/api/loyalty/members/" + customer)
                .json()
                .get("level")
                .get("code")
                .asString();
    }

    private void reviewDue(UUID customer, Instant at) {
        jdbc.sql("update loyalty_member set level_review_at = :at where customer_id = :c")
                .param("at", Timestamp.from(at))
                .param("c", customer)
                .update();
    }

    @Test
    void aPurchaseUpgradesAtOnceAndADowngradeWaitsForTheGracePeriod() {
        UUID customer = UUID.randomUUID();
        UUID p = UUID.randomUUID();
        purchase(customer, p, "5200", Instant.now());
        awaitAccrued(p);
        assertThat(level(customer)).isEqualTo("GOLD");
        ApiResponse member = reader.get("/api/loyalty/members/" + customer);
        assertThat(member.json()
                        .get("level")
                        .get("privileges")
                        .get("freeShipping")
                        .asBoolean())
                .isTrue();

        // the purchase is refunded: the member no longer qualifies, but keeps GOLD until the review
        UUID refund = UUID.randomUUID();
        refund(customer, refund, "-5200", Instant.now());
        awaitRefunded(refund);
        assertThat(level(customer)).isEqualTo("GOLD");

        Instant now = Instant.now();
        // the review date passed 10 days ago: still within the 30-day grace
        reviewDue(customer, now.minus(10, ChronoUnit.DAYS));
        levels.review(now);
        assertThat(level(customer)).isEqualTo("GOLD");

        // 31 days ago: past the grace, down to the level the window qualifies for
        reviewDue(customer, now.minus(31, ChronoUnit.DAYS));
        levels.review(now);
        assertThat(level(customer)).isEqualTo("BASIC");
        Instant next = Instant.parse(reader.get("/api/loyalty/members/" + customer)
                .json()
                .get("levelReviewAt")
                .asString());
        assertThat(next).isAfter(now.plus(300, ChronoUnit.DAYS));
        assertThat(jdbc.sql("select count(*) from crm_outbox where event_type = 'crm.loyalty.level-changed'"
                                + " and message_key = :c")
                        .param("c", customer.toString())
                        .query(Long.class)
                        .single())
                .as("enrolment, upgrade, downgrade")
                .isEqualTo(3);
    }

    @Test
    void aMemberWhoStillQualifiesAtTheReviewKeepsTheLevelForAnotherPeriod() {
        UUID customer = UUID.randomUUID();
        UUID p = UUID.randomUUID();
        purchase(customer, p, "1500", Instant.now());
        awaitAccrued(p);
        assertThat(level(customer)).isEqualTo("SILVER");
        Instant now = Instant.now();
        reviewDue(customer, now.minus(40, ChronoUnit.DAYS));
        levels.review(now);
        assertThat(level(customer)).isEqualTo("SILVER");
    }

    @Test
    void levelsAreReadableAndConfigurable() {
        ApiResponse all = reader.get("/api/loyalty/levels");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().get(0).get("code").asString()).isEqualTo("BASIC");
        assertThat(all.json().get(3).get("name").asString()).isEqualTo("钻石");
        assertThat(writer.send(
                                "PUT",
                                "/api/loyalty/levels/PLATINUM",
                                "{\"name\":\"x\",\"rank\":9,\"minPoints\":1}",
                                "application/json")
                        .status())
                .isEqualTo(403);
        ApiResponse bad = configurer.send(
                "PUT",
                "/api/loyalty/levels/PLATINUM",
                "{\"name\":\"x\",\"rank\":1,\"minPoints\":1}",
                "application/json");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("rank");
    }
}
