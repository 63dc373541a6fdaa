package com.crm.webhook.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventTypePatternTest {

    private final EventTypeCatalog catalog = new EventTypeCatalog();

    @Test
    void exactTypesPrefixWildcardsAndEverything() {
        assertThat(new EventTypePattern("crm.customer.*").matches("crm.customer.registered"))
                .isTrue();
        assertThat(new EventTypePattern("crm.customer.*").matches("crm.customerx.registered"))
                .isFalse();
        assertThat(new EventTypePattern("crm.*").matches("crm.purchase.recorded"))
                .isTrue();
        assertThat(new EventTypePattern("*").matches("crm.complaint.opened")).isTrue();
        assertThat(new EventTypePattern("crm.customer.erased").matches("crm.customer.erased"))
                .isTrue();
        assertThat(new EventTypePattern("crm.customer.erased").matches("crm.customer.erased2"))
                .isFalse();
    }

    @Test
    void theCatalogKnowsEveryContractTypeAndRefusesPatternsThatSelectNone() {
        assertThat(catalog.types())
                .containsKeys(
                        "crm.customer.registered",
                        "crm.customer.erased",
                        "crm.purchase.recorded",
                        "crm.interaction.recorded",
                        "crm.complaint.opened");
        assertThat(catalog.matching(new EventTypePattern("crm.customer.*")))
                .contains("crm.customer.merged")
                .allMatch(t -> t.startsWith("crm.customer."));
        assertThat(catalog.matching(new EventTypePattern("crm.nothing.*"))).isEmpty();
        assertThat(EventTypePattern.wellFormed("crm.customer.*")).isTrue();
        assertThat(EventTypePattern.wellFormed("crm.*.registered")).isFalse();
        assertThat(EventTypePattern.wellFormed("CRM!")).isFalse();
        assertThat(EventTypePattern.wellFormed("crm.customer.registered,crm.x")).isFalse();
    }
}
