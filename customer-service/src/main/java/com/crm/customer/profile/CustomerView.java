package com.crm.customer.profile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A customer as the API returns it. */
public record CustomerView(
        UUID id,
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
        Map<String, Object> properties,
        Map<ConsentChannel, Consent> consents,
        List<ExternalReference> externalReferences,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    static CustomerView of(Customer c) {
        return new CustomerView(
                c.id(),
                c.profile().type(),
                c.profile().displayName(),
                c.profile().givenName(),
                c.profile().familyName(),
                c.profile().emails(),
                c.profile().phones(),
                c.profile().wechatId(),
                c.profile().addresses(),
                c.profile().company(),
                c.profile().jobTitle(),
                c.profile().industry(),
                c.profile().birthday(),
                c.profile().region(),
                c.profile().timeZone(),
                c.profile().tags(),
                c.profile().ownerId(),
                c.profile().teamId(),
                c.profile().attributes(),
                c.profile().properties(),
                c.profile().consents(),
                c.externalReferences(),
                c.createdAt(),
                c.updatedAt(),
                c.version());
    }
}
