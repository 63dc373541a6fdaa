package com.crm.customer.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.customer.profile.Address;
import com.crm.customer.profile.Consent;
import com.crm.customer.profile.ConsentChannel;
import com.crm.customer.profile.ConsentStatus;
import com.crm.customer.profile.CustomerType;
import com.crm.customer.profile.CustomerView;
import com.crm.customer.profile.Email;
import com.crm.customer.profile.Phone;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DataQualityRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private static CustomerView person(
            String name, List<Email> emails, List<Phone> phones, LocalDate birthday, boolean complete) {
        return new CustomerView(
                UUID.randomUUID(),
                CustomerType.PERSON,
                name,
                complete ? "Ada" : null,
                complete ? "Lovelace" : null,
                emails,
                phones,
                null,
                complete ? List.of(new Address(null, List.of("1 Main St"), "London", null, null, "GB")) : List.of(),
                null,
                null,
                null,
                birthday,
                complete ? "Europe" : null,
                null,
                List.of(),
                complete ? "am-1" : null,
                complete ? "north" : null,
                Map.of(),
                Map.of(),
                complete
                        ? Map.of(ConsentChannel.EMAIL, new Consent(ConsentStatus.GRANTED, Instant.now(), "x"))
                        : Map.of(),
                List.of(),
                Instant.now(),
                Instant.now(),
                1);
    }

    @Test
    void aCompleteValidProfileScoresFull() {
        var a = DataQualityRules.assess(
                person(
                        "Ada Lovelace",
                        List.of(new Email("ada@example.co.uk", null, true)),
                        List.of(new Phone("+442079460000", null, false)),
                        LocalDate.of(1990, 12, 10),
                        true),
                TODAY);
        assertThat(a.issues()).isEmpty();
        assertThat(a.score()).isEqualTo(100);
    }

    @Test
    void namesEveryMissingAndInvalidItemWithItsField() {
        var a = DataQualityRules.assess(
                person(
                        "test",
                        List.of(new Email("someone@localhost", null, false)),
                        List.of(new Phone("+11115550123", null, false)),
                        LocalDate.of(1850, 1, 1),
                        false),
                TODAY);
        assertThat(a.issues())
                .extracting(DataQualityRules.Issue::code)
                .contains(
                        "MISSING_NAME",
                        "MISSING_ADDRESS",
                        "MISSING_REGION",
                        "MISSING_OWNER",
                        "MISSING_CONSENT",
                        "INVALID_EMAIL_SYNTAX",
                        "PHONE_NOT_DIALABLE",
                        "BIRTHDAY_IMPLAUSIBLE",
                        "PLACEHOLDER_NAME");
        assertThat(a.issues())
                .filteredOn(i -> i.code().equals("PHONE_NOT_DIALABLE"))
                .extracting(DataQualityRules.Issue::field)
                .containsExactly("phones[0].number");
        assertThat(a.validity())
                .as("100 - 25 (email) - 25 (phone) - 20 (birthday) - 15 (placeholder)")
                .isEqualTo(15);
        assertThat(a.score()).isLessThan(30);
    }

    @Test
    void noWayToReachTheCustomerIsReported() {
        var a = DataQualityRules.assess(person("Ada Lovelace", List.of(), List.of(), null, true), TODAY);
        assertThat(a.issues()).extracting(DataQualityRules.Issue::code).contains("MISSING_CONTACT_POINT");
        assertThat(a.completeness()).isLessThan(100);
    }
}
