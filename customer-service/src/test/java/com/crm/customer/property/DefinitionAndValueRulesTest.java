package com.crm.customer.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crm.customer.property.CustomPropertyInput.OptionInput;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DefinitionAndValueRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static CustomPropertyInput input(String name, String type) {
        return new CustomPropertyInput(name, "Label", null, null, type, null, null, null, null, null, null, null, null);
    }

    private static List<String> faults(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.errors().stream().map(FieldViolation::field).toList();
        }
        return List.of();
    }

    @Test
    void refusesBadNamesReservedNamesAndUnknownTypes() {
        assertThat(faults(() -> DefinitionRules.define("Bad-Name", input("Bad-Name", "STRING"), null, NOW)))
                .containsExactly("name");
        assertThat(faults(() -> DefinitionRules.define("tier", input("tier", "STRING"), null, NOW)))
                .containsExactly("name");
        assertThat(faults(() -> DefinitionRules.define("ok_name", input("ok_name", "COLOUR"), null, NOW)))
                .containsExactly("type");
    }

    @Test
    void enumsNeedDistinctOptionsAndOnlyStringsHavePatterns() {
        var noOptions = input("size", "ENUM");
        assertThat(faults(() -> DefinitionRules.define("size", noOptions, null, NOW)))
                .containsExactly("options");
        var twice = new CustomPropertyInput(
                "size",
                "Size",
                null,
                null,
                "ENUM",
                List.of(new OptionInput("s", null), new OptionInput("s", "Small")),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertThat(faults(() -> DefinitionRules.define("size", twice, null, NOW)))
                .containsExactly("options[1].value");
        var numberPattern = new CustomPropertyInput(
                "n", "N", null, null, "NUMBER", null, null, null, "[0-9]+", null, null, null, null);
        assertThat(faults(() -> DefinitionRules.define("n", numberPattern, null, NOW)))
                .containsExactly("pattern");
    }

    @Test
    void checksValuesByTypeAndKeepsOneFormPerValue() {
        CustomProperty amount = DefinitionRules.define(
                "amount",
                new CustomPropertyInput(
                        "amount",
                        "Amount",
                        null,
                        null,
                        "DECIMAL",
                        null,
                        null,
                        null,
                        null,
                        JSON.readTree("0"),
                        JSON.readTree("\"1000.50\""),
                        null,
                        null),
                null,
                NOW);
        List<FieldViolation> errors = new ArrayList<>();
        Map<String, JsonNode> given = Map.of("amount", JSON.readTree("12.50"));
        Map<String, Object> values = ValueRules.normalize(given, null, Map.of("amount", amount), errors);
        assertThat(errors).isEmpty();
        assertThat(values).containsEntry("amount", new BigDecimal("12.5"));
        assertThat(ValueRules.normalize(Map.of("amount", JSON.readTree("12")), null, Map.of("amount", amount), errors))
                .containsEntry("amount", 12L);

        ValueRules.normalize(Map.of("amount", JSON.readTree("1000.51")), null, Map.of("amount", amount), errors);
        assertThat(errors).extracting(FieldViolation::code).containsExactly(ErrorCode.OUT_OF_RANGE);
    }

    @Test
    void archivedValuesStayButCannotChange() {
        CustomProperty legacy = new CustomProperty(
                "legacy",
                "Legacy",
                null,
                null,
                CustomPropertyType.NUMBER,
                List.of(),
                false,
                false,
                null,
                null,
                null,
                false,
                true,
                NOW,
                NOW,
                2);
        List<FieldViolation> errors = new ArrayList<>();
        Map<String, Object> kept = ValueRules.normalize(
                Map.of("legacy", JSON.readTree("3")), Map.of("legacy", 3L), Map.of("legacy", legacy), errors);
        assertThat(errors).isEmpty();
        assertThat(kept).containsEntry("legacy", 3L);
        ValueRules.normalize(
                Map.of("legacy", JSON.readTree("4")), Map.of("legacy", 3L), Map.of("legacy", legacy), errors);
        assertThat(errors).extracting(FieldViolation::field).containsExactly("properties.legacy");
    }

    @Test
    void aBadPatternIsAFaultOfThePatternField() {
        var bad = new CustomPropertyInput(
                "code", "Code", null, null, "STRING", null, null, null, "([a-z", null, null, null, null);
        assertThatThrownBy(() -> DefinitionRules.define("code", bad, null, NOW))
                .isInstanceOf(ApiException.class)
                .satisfies(e ->
                        assertThat(((ApiException) e).errors().get(0).code()).isEqualTo(ErrorCode.INVALID_FORMAT));
    }
}
