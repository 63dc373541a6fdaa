package com.crm.support.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.crm.support.batch.BatchResponse.ItemResult;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.FieldViolation;
import com.crm.support.security.CrmActor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The CSV mapping checked against an item class, and the items it builds from rows. */
class ImportMappingTest {

    enum Kind {
        EMAIL,
        SMS
    }

    record Address(String country, String city) {}

    record Person(String givenName, List<Address> addresses, Map<Kind, Address> byKind) {}

    /** An item as a batch takes it: {@code person} is raw JSON, read as {@link Person}. */
    record Item(String source, String externalId, Instant at, JsonNode person, Map<String, Object> attributes) {}

    private static final Map<String, Class<?>> RAW = Map.of("person", Person.class);

    @Test
    void pathsAreCheckedAgainstTheItemAndItsRawJsonFields() {
        assertThat(ImportMapping.check(Item.class, RAW, "externalId")).isNull();
        assertThat(ImportMapping.check(Item.class, RAW, "person.givenName")).isNull();
        assertThat(ImportMapping.check(Item.class, RAW, "person.addresses[2].city"))
                .isNull();
        assertThat(ImportMapping.check(Item.class, RAW, "person.byKind.SMS.country"))
                .isNull();
        assertThat(ImportMapping.check(Item.class, RAW, "attributes.anything")).isNull();

        assertThat(ImportMapping.check(Item.class, RAW, "person.mail")).contains("'mail' is not a field of person");
        assertThat(ImportMapping.check(Item.class, RAW, "person.byKind.FAX.country"))
                .contains("'FAX' is none of");
        assertThat(ImportMapping.check(Item.class, RAW, "person.addresses")).contains("holds several fields");
        assertThat(ImportMapping.check(Item.class, RAW, "person.givenName[0]")).contains("is not a list");
        assertThat(ImportMapping.check(Item.class, RAW, "person.addresses[100].city"))
                .isNotNull();
        assertThat(ImportMapping.check(Item.class, RAW, "source.x")).contains("has no fields");
        assertThat(ImportMapping.check(Item.class, Map.of(), "person.givenName"))
                .as("raw JSON not declared: any key")
                .isNull();
    }

    @Test
    void aBadMappingNamesEachColumnAtFault() {
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("Id", "externalId");
        mapping.put("Mail", "person.mail");
        mapping.put("Other id", "externalId");
        mapping.put("Kind", "person.byKind.FAX.city");

        ApiException e = catchThrowableOfType(ApiException.class, () -> ImportMapping.of(Item.class, RAW, mapping));

        assertThat(e.errors())
                .extracting(FieldViolation::field)
                .containsExactly("mapping.Mail", "mapping.Other id", "mapping.Kind");
    }

    @Test
    void aTargetsMappingUsesItsItemClass() {
        ApiException e = catchThrowableOfType(
                ApiException.class, () -> ImportMapping.of(new Target(), Map.of("Mail", "person.mail")));
        assertThat(e.errors()).extracting(FieldViolation::field).containsExactly("mapping.Mail");
    }

    @Test
    void rowsBecomeItemsLeavingEmptyCellsOut() {
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("Id", "externalId");
        mapping.put("Name", "person.givenName");
        mapping.put("City 2", "person.addresses[1].city");
        mapping.put("Country", "person.byKind.EMAIL.country");
        ImportMapping.Bound bound = ImportMapping.of(Item.class, RAW, mapping)
                .bind(new String[] {"Ignored", "Id", "Name", "City 2", "Country"});

        assertThat(bound.width()).isEqualTo(5);
        assertThat(bound.document(new String[] {"x", "E1", "Ann", "Wuhan", ""}).toString())
                .isEqualTo("{\"externalId\":\"E1\",\"person\":{\"givenName\":\"Ann\","
                        + "\"addresses\":[null,{\"city\":\"Wuhan\"}]}}");
    }

    @Test
    void mappedColumnsMissingFromTheHeaderAreNamed() {
        ApiException e = catchThrowableOfType(
                ApiException.class,
                () -> ImportMapping.stored(Map.of("Id", "externalId", "Name", "person.givenName"))
                        .bind(new String[] {"Id", "Other"}));
        assertThat(e.errors()).extracting(FieldViolation::field).containsExactly("mapping.Name");
    }

    @Test
    void targetsAreNamedByObjectAndAnUnknownObjectIsAProblemNamingIt() {
        ImportTargets targets = new ImportTargets(List.of(new Target()));
        assertThat(targets.of("ITEMS")).isInstanceOf(Target.class);
        ApiException e = catchThrowableOfType(ApiException.class, () -> targets.of("OTHERS"));
        assertThat(e.status().value()).isEqualTo(400);
        assertThat(e.errors()).extracting(FieldViolation::field).containsExactly("object");
        assertThat(new Target().outcome("unchanged")).isEqualTo(ImportOutcome.UNCHANGED);
    }

    private static final class Target implements ImportTarget<UUID> {
        @Override
        public String object() {
            return "ITEMS";
        }

        @Override
        public Class<?> itemType() {
            return Item.class;
        }

        @Override
        public Map<String, Class<?>> rawJsonFields() {
            return RAW;
        }

        @Override
        public List<ItemResult<UUID>> apply(List<JsonNode> items, CrmActor actor) {
            return List.of();
        }

        @Override
        public Applied applied(UUID result) {
            return new Applied(result, null, null);
        }
    }
}
