package com.crm.customer.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crm.customer.profile.CustomerInput.ConsentInput;
import com.crm.customer.profile.CustomerInput.PhoneInput;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.FieldViolation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ProfileNormalizerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final ProfileNormalizer normalizer =
            new ProfileNormalizer("CN", JsonMapper.builder().build());

    private static CustomerInput person(
            String given, String family, List<PhoneInput> phones, Map<ConsentChannel, ConsentInput> consents) {
        return new CustomerInput(
                CustomerType.PERSON,
                null,
                given,
                family,
                null,
                phones,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                consents,
                null);
    }

    @Test
    void derivesDisplayNamesFamilyFirstForChineseNames() {
        assertThat(normalizer
                        .normalize(person("小明", "王", null, null), null, NOW)
                        .displayName())
                .isEqualTo("王小明");
        assertThat(normalizer
                        .normalize(person("Ada", "Lovelace", null, null), null, NOW)
                        .displayName())
                .isEqualTo("Ada Lovelace");
    }

    @Test
    void storesPhonesAsE164ReadingLocalNumbersInTheDefaultRegion() {
        Profile p = normalizer.normalize(
                person(
                        "A",
                        "B",
                        List.of(
                                new PhoneInput("138-1234-5678", null, null),
                                new PhoneInput("+1 (650) 253-0000", "work", true)),
                        null),
                null,
                NOW);
        assertThat(p.phoneKeys()).containsExactly("+8613812345678", "+16502530000");
    }

    @Test
    void treatsTheSameNumberWrittenTwoWaysAsADuplicate() {
        assertThatThrownBy(() -> normalizer.normalize(
                        person(
                                "A",
                                "B",
                                List.of(
                                        new PhoneInput("13812345678", null, null),
                                        new PhoneInput("+86 138 1234 5678", null, null)),
                                null),
                        null,
                        NOW))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldViolation::field)
                                .containsExactly("phones[1].number"));
    }

    @Test
    void keepsAnUnchangedConsentAndStampsAChangedOne() {
        Instant earlier = Instant.parse("2026-01-01T00:00:00Z");
        Profile before = normalizer.normalize(
                person(
                        "A",
                        "B",
                        null,
                        Map.of(
                                ConsentChannel.EMAIL, new ConsentInput(ConsentStatus.GRANTED, "web", earlier),
                                ConsentChannel.SMS, new ConsentInput(ConsentStatus.GRANTED, "web", earlier))),
                null,
                earlier);

        Profile after = normalizer.normalize(
                person(
                        "A",
                        "B",
                        null,
                        Map.of(
                                ConsentChannel.EMAIL, new ConsentInput(ConsentStatus.GRANTED, null, null),
                                ConsentChannel.SMS, new ConsentInput(ConsentStatus.WITHDRAWN, "sms-stop", null))),
                before,
                NOW);

        assertThat(after.consents().get(ConsentChannel.EMAIL))
                .isEqualTo(before.consents().get(ConsentChannel.EMAIL));
        assertThat(after.consents().get(ConsentChannel.SMS))
                .isEqualTo(new Consent(ConsentStatus.WITHDRAWN, NOW, "sms-stop"));
        assertThat(ProfileChanges.consentMoves(before, after)).containsExactly(ConsentChannel.SMS);
    }

    @Test
    void refusesToDropAConsentRecord() {
        Profile before = normalizer.normalize(
                person(
                        "A",
                        "B",
                        null,
                        Map.of(ConsentChannel.EMAIL, new ConsentInput(ConsentStatus.GRANTED, null, null))),
                null,
                NOW);
        assertThatThrownBy(() -> normalizer.normalize(person("A", "B", null, null), before, NOW))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldViolation::field)
                                .containsExactly("consents.EMAIL"));
    }
}
