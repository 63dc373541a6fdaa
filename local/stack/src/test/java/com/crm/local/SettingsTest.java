package com.crm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void argumentBeatsSystemPropertyBeatsEnvironmentBeatsDefault() {
        Map<String, String> env = Map.of("CRM_GATEWAY_PORT", "3", "CRM_KAFKA_PORT", "4", "CRM_POSTGRES_PORT", "5");
        Map<String, String> props = Map.of("crm.local.gateway-port", "2", "crm.local.kafka-port", "6");
        Settings settings = Settings.of(List.of("--gateway-port=1"), props, env);

        assertThat(settings.port("gateway-port", 8080)).isEqualTo(1);
        assertThat(settings.port("kafka-port", 19092)).isEqualTo(6);
        assertThat(settings.port("postgres-port", 15432)).isEqualTo(5);
        assertThat(settings.port("issuer-port", 9000)).isEqualTo(9000);
    }

    @Test
    void environmentVariableNamesFollowTheKey() {
        assertThat(Settings.environmentVariable("crm.local.data-dir")).isEqualTo("CRM_DATA_DIR");
        assertThat(Settings.environmentVariable("crm.local.kafka-bootstrap")).isEqualTo("CRM_KAFKA_BOOTSTRAP");
        assertThat(Settings.environmentVariable("crm.local.postgres-url")).isEqualTo("CRM_POSTGRES_URL");
        assertThat(Settings.environmentVariable("crm.local.customer-port")).isEqualTo("CRM_CUSTOMER_PORT");
    }

    @Test
    void argumentsMayCarryTheFullKeyAndBareFlagsMeanTrue() {
        Settings settings = Settings.of(List.of("--crm.local.data-dir=/srv/crm", "--help"), Map.of(), Map.of());

        assertThat(settings.get("data-dir")).contains("/srv/crm");
        assertThat(settings.flag("help")).isTrue();
        assertThat(settings.argumentKeys()).containsExactlyInAnyOrder("crm.local.data-dir", "crm.local.help");
    }

    @Test
    void blankValuesCountAsAbsent() {
        Settings settings = Settings.of(List.of(), Map.of(), Map.of("CRM_POSTGRES_URL", "  "));

        assertThat(settings.get("postgres-url")).isEmpty();
    }

    @Test
    void rejectsMalformedInput() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Settings.of(List.of("gateway-port=1"), Map.of(), Map.of()))
                .withMessageContaining("--name=value");
        Settings settings =
                Settings.of(List.of("--gateway-port=http", "--kafka-port=70000", "--skip-x=maybe"), Map.of(), Map.of());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings.port("gateway-port", 8080))
                .withMessageContaining("crm.local.gateway-port");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings.port("kafka-port", 19092))
                .withMessageContaining("70000");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings.flag("skip-x"))
                .withMessageContaining("true or false");
    }
}
