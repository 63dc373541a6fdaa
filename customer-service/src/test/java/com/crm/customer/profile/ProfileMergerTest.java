package com.crm.customer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProfileMergerTest {

    private static Customer customer(
            String updatedAt,
            String displayName,
            String jobTitle,
            List<Email> emails,
            Map<ConsentChannel, Consent> consents,
            Map<String, Object> attributes) {
        Profile p = new Profile(
                CustomerType.PERSON,
                displayName,
                null,
                null,
                emails,
                List.of(),
                null,
                List.of(),
                null,
                jobTitle,
                null,
                null,
                null,
                null,
                List.of(),
                null,
                null,
                attributes,
                consents,
                Map.of());
        Instant at = Instant.parse(updatedAt);
        return new Customer(UUID.randomUUID(), p, List.of(), CustomerStatus.ACTIVE, null, at, at, null, 1);
    }

    private static Consent consent(ConsentStatus status, String at) {
        return new Consent(status, Instant.parse(at), "test");
    }

    @Test
    void takesTheNewestNonEmptyValueUnlessAFieldIsChosen() {
        Customer survivor = customer("2026-01-01T00:00:00Z", "Old name", "Engineer", List.of(), Map.of(), Map.of());
        Customer newer = customer("2026-06-01T00:00:00Z", "New name", null, List.of(), Map.of(), Map.of());

        var merged = ProfileMerger.merge(survivor, List.of(newer), Map.of());
        assertThat(merged.profile().displayName()).isEqualTo("New name");
        assertThat(merged.profile().jobTitle()).as("empty values never win").isEqualTo("Engineer");
        assertThat(merged.fieldSources())
                .containsEntry("displayName", newer.id())
                .containsEntry("jobTitle", survivor.id());

        var chosen = ProfileMerger.merge(survivor, List.of(newer), Map.of("displayName", survivor.id()));
        assertThat(chosen.profile().displayName()).isEqualTo("Old name");
    }

    @Test
    void keepsEveryContactPointOnceWithOnePrimaryAndTheMostRestrictiveConsent() {
        Customer survivor = customer(
                "2026-01-01T00:00:00Z",
                "A",
                null,
                List.of(new Email("a@example.com", null, true)),
                Map.of(
                        ConsentChannel.EMAIL,
                        consent(ConsentStatus.GRANTED, "2026-05-01T00:00:00Z"),
                        ConsentChannel.SMS,
                        consent(ConsentStatus.GRANTED, "2026-01-01T00:00:00Z")),
                Map.of("tier", "gold", "since", 2019));
        Customer other = customer(
                "2026-02-01T00:00:00Z",
                "B",
                null,
                List.of(new Email("A@example.com", null, false), new Email("b@example.com", "work", true)),
                Map.of(ConsentChannel.EMAIL, consent(ConsentStatus.WITHDRAWN, "2026-03-01T00:00:00Z")),
                Map.of("tier", "silver"));

        Profile merged = ProfileMerger.merge(survivor, List.of(other), Map.of()).profile();

        assertThat(merged.emails())
                .containsExactly(new Email("a@example.com", null, true), new Email("b@example.com", "work", false));
        assertThat(merged.consents().get(ConsentChannel.EMAIL).status()).isEqualTo(ConsentStatus.WITHDRAWN);
        assertThat(merged.consents().get(ConsentChannel.SMS).status()).isEqualTo(ConsentStatus.GRANTED);
        assertThat(merged.attributes()).containsEntry("tier", "silver").containsEntry("since", 2019);
    }
}
