package com.crm.interaction.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import com.crm.interaction.policy.ContactPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContactRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T04:00:00Z"); // 12:00 in Shanghai
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final CustomerContactState CONSENTING =
            new CustomerContactState(true, "ACTIVE", Map.of("PHONE", "GRANTED", "EMAIL", "GRANTED"), SHANGHAI);

    private static ContactPolicy policy(
            Channel channel,
            Purpose purpose,
            Integer max,
            Duration window,
            Duration gap,
            LocalTime quietStart,
            LocalTime quietEnd,
            boolean consent) {
        return new ContactPolicy(
                UUID.randomUUID(),
                "p",
                channel,
                purpose,
                max,
                window,
                gap,
                quietStart,
                quietEnd,
                consent,
                true,
                1,
                NOW);
    }

    private static PastContact call(Duration ago) {
        return new PastContact(Channel.PHONE, Purpose.SALES, NOW.minus(ago));
    }

    @Test
    void rejectsThirdCallWithinThirtyDaysUntilTheFirstLeavesTheWindow() {
        var twoPerMonth = policy(Channel.PHONE, null, 2, Duration.ofDays(30), null, null, null, false);
        var decision = ContactRules.decide(
                List.of(twoPerMonth),
                CONSENTING,
                Channel.PHONE,
                Purpose.SALES,
                NOW,
                List.of(call(Duration.ofDays(20)), call(Duration.ofDays(10))));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reasons()).extracting(ContactReason::rule).containsExactly("max-contacts");
        assertThat(decision.earliestAllowedAt()).isEqualTo(NOW.plus(Duration.ofDays(10)));
    }

    @Test
    void allowsTheSecondCallAndIgnoresContactsOutsideTheWindowOrScope() {
        var twoPerMonth = policy(Channel.PHONE, null, 2, Duration.ofDays(30), null, null, null, false);
        var decision = ContactRules.decide(
                List.of(twoPerMonth),
                CONSENTING,
                Channel.PHONE,
                Purpose.SALES,
                NOW,
                List.of(
                        call(Duration.ofDays(31)),
                        call(Duration.ofDays(3)),
                        new PastContact(Channel.EMAIL, Purpose.SALES, NOW.minus(Duration.ofDays(1)))));
        assertThat(decision.allowed()).isTrue();
    }

    @Test
    void aMarketingLimitCountsOnlyMarketingContacts() {
        var marketing = policy(Channel.EMAIL, Purpose.MARKETING, 1, Duration.ofDays(30), null, null, null, false);
        var history = List.of(new PastContact(Channel.EMAIL, Purpose.SERVICE, NOW.minus(Duration.ofDays(1))));
        assertThat(ContactRules.decide(List.of(marketing), CONSENTING, Channel.EMAIL, Purpose.MARKETING, NOW, history)
                        .allowed())
                .isTrue();
        var more = List.of(new PastContact(Channel.EMAIL, Purpose.MARKETING, NOW.minus(Duration.ofDays(1))));
        assertThat(ContactRules.decide(List.of(marketing), CONSENTING, Channel.EMAIL, Purpose.MARKETING, NOW, more)
                        .allowed())
                .isFalse();
        assertThat(ContactRules.decide(List.of(marketing), CONSENTING, Channel.EMAIL, Purpose.SERVICE, NOW, more)
                        .allowed())
                .isTrue();
    }

    @Test
    void aMinimumGapRefusesUntilTheGapHasPassed() {
        var gap = policy(null, null, null, null, Duration.ofHours(24), null, null, false);
        var decision = ContactRules.decide(
                List.of(gap), CONSENTING, Channel.VISIT, Purpose.SERVICE, NOW, List.of(call(Duration.ofHours(3))));
        assertThat(decision.reasons()).extracting(ContactReason::rule).containsExactly("min-gap");
        assertThat(decision.earliestAllowedAt()).isEqualTo(NOW.plus(Duration.ofHours(21)));
    }

    @Test
    void quietHoursAreReadInTheCustomersOwnTimeZoneAcrossMidnight() {
        var quiet = policy(null, null, null, null, null, LocalTime.of(21, 0), LocalTime.of(8, 0), false);
        // 04:00 UTC is 12:00 in Shanghai but 23:00 in New York (the day before)
        var shanghai = ContactRules.decide(List.of(quiet), CONSENTING, Channel.PHONE, Purpose.SERVICE, NOW, List.of());
        assertThat(shanghai.allowed()).isTrue();
        var la = new CustomerContactState(true, "ACTIVE", Map.of(), ZoneId.of("America/New_York"));
        var decision = ContactRules.decide(List.of(quiet), la, Channel.PHONE, Purpose.SERVICE, NOW, List.of());
        assertThat(decision.reasons()).extracting(ContactReason::rule).containsExactly("quiet-hours");
        assertThat(decision.earliestAllowedAt()).isEqualTo(Instant.parse("2026-11-25T13:00:00Z"));
    }

    @Test
    void liftingOneReasonCanLandInQuietHoursSoTheEarliestTimeMovesOn() {
        var gap = policy(null, null, null, null, Duration.ofHours(10), null, null, false);
        var quiet = policy(null, null, null, null, null, LocalTime.of(21, 0), LocalTime.of(8, 0), false);
        // the gap lifts at 22:00 Shanghai time, inside quiet hours: the earliest is 08:00 the next morning
        var decision = ContactRules.decide(
                List.of(gap, quiet),
                CONSENTING,
                Channel.PHONE,
                Purpose.SERVICE,
                NOW,
                List.of(new PastContact(Channel.PHONE, Purpose.SERVICE, NOW)));
        assertThat(decision.reasons()).extracting(ContactReason::rule).containsExactly("min-gap");
        assertThat(decision.earliestAllowedAt()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
    }

    @Test
    void aMissingOrWithdrawnConsentRefusesWithoutAnEarliestTimeButAVisitNeedsNone() {
        var consent = policy(null, null, null, null, null, null, null, true);
        var withdrawn = new CustomerContactState(true, "ACTIVE", Map.of("SMS", "WITHDRAWN"), SHANGHAI);
        var sms = ContactRules.decide(List.of(consent), withdrawn, Channel.SMS, Purpose.SERVICE, NOW, List.of());
        assertThat(sms.allowed()).isFalse();
        assertThat(sms.reasons()).extracting(ContactReason::rule).containsExactly("consent");
        assertThat(sms.earliestAllowedAt()).isNull();
        assertThat(ContactRules.decide(List.of(consent), withdrawn, Channel.WECHAT, Purpose.SERVICE, NOW, List.of())
                        .allowed())
                .isFalse();
        assertThat(ContactRules.decide(List.of(consent), withdrawn, Channel.VISIT, Purpose.SERVICE, NOW, List.of())
                        .allowed())
                .isTrue();
        var visitConsent = policy(Channel.VISIT, null, null, null, null, null, null, true);
        assertThat(ContactRules.decide(List.of(visitConsent), withdrawn, Channel.VISIT, Purpose.SERVICE, NOW, List.of())
                        .allowed())
                .isFalse();
    }

    @Test
    void everyReasonIsListedAndAnErasedCustomerIsNeverContacted() {
        var twoPerMonth = policy(Channel.PHONE, null, 1, Duration.ofDays(30), Duration.ofDays(2), null, null, true);
        var erased = new CustomerContactState(true, "ERASED", Map.of(), SHANGHAI);
        var decision = ContactRules.decide(
                List.of(twoPerMonth), erased, Channel.PHONE, Purpose.SALES, NOW, List.of(call(Duration.ofDays(1))));
        assertThat(decision.reasons())
                .extracting(ContactReason::rule)
                .containsExactly("customer-status", "consent", "max-contacts", "min-gap");
        assertThat(decision.earliestAllowedAt()).isNull();
    }

    @Test
    void aWindowWithRoomLeftCountsOnlyItsScopeAndWindowAndNamesNoNextAllowedTime() {
        var twoPerMonth = policy(Channel.PHONE, null, 2, Duration.ofDays(30), null, null, null, false);
        var usage = ContactRules.windowUsage(
                twoPerMonth,
                List.of(
                        call(Duration.ofDays(31)),
                        call(Duration.ofDays(3)),
                        new PastContact(Channel.EMAIL, Purpose.SALES, NOW.minus(Duration.ofDays(1)))),
                NOW);

        assertThat(usage.used()).isEqualTo(1);
        assertThat(usage.remaining()).isEqualTo(1);
        assertThat(usage.nextAllowedAt()).isNull();
    }

    @Test
    void aFullWindowIsAllowedAgainWhenItsOldestCountingContactLeavesIt() {
        var twoPerMonth = policy(Channel.PHONE, null, 2, Duration.ofDays(30), null, null, null, false);
        // three in the window (one recorded under an override): the window frees up when the second-newest leaves
        var usage = ContactRules.windowUsage(
                twoPerMonth,
                List.of(call(Duration.ofDays(20)), call(Duration.ofDays(5)), call(Duration.ofDays(12))),
                NOW);

        assertThat(usage.used()).isEqualTo(3);
        assertThat(usage.remaining()).isZero();
        assertThat(usage.nextAllowedAt())
                .isEqualTo(NOW.minus(Duration.ofDays(12)).plus(Duration.ofDays(30)));
        // the decision names the same time
        assertThat(ContactRules.decide(
                                List.of(twoPerMonth),
                                CONSENTING,
                                Channel.PHONE,
                                Purpose.SALES,
                                NOW,
                                List.of(call(Duration.ofDays(20)), call(Duration.ofDays(5)), call(Duration.ofDays(12))))
                        .earliestAllowedAt())
                .isEqualTo(usage.nextAllowedAt());
    }
}
