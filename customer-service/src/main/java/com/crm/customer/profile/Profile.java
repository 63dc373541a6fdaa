package com.crm.customer.profile;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The normalised, validated data of a customer: what is stored and compared for changes. */
record Profile(
        CustomerType type,
        String displayName,
        String givenName,
        String familyName,
        List<Email> emails,
        List<Phone> phones,
        String wechatId,
        List<Address> addresses,
        String company,
        String jobTitle,
        String industry,
        LocalDate birthday,
        String region,
        String timeZone,
        List<String> tags,
        String ownerId,
        String teamId,
        Map<String, Object> attributes,
        Map<ConsentChannel, Consent> consents,
        Map<String, Object> properties) {

    List<String> emailKeys() {
        return emails.stream().map(e -> ProfileNormalizer.emailKey(e.address())).toList();
    }

    List<String> phoneKeys() {
        return phones.stream().map(Phone::number).toList();
    }
}
