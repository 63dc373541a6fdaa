package com.crm.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ConstraintCodesTest {

    private static final Validator VALIDATOR =
            Validation.buildDefaultValidatorFactory().getValidator();

    record Input(
            @NotBlank String name,
            @Size(max = 3) String code,
            @Size(min = 2, max = 3) List<String> tags,
            @Max(10) int count,
            @Email String email,
            @Pattern(regexp = "[a-z]+") String slug) {}

    private static Map<String, ErrorCode> codes(Input input) {
        var out = new TreeMap<String, ErrorCode>();
        VALIDATOR.validate(input).forEach(v -> out.put(v.getPropertyPath().toString(), ConstraintCodes.of(v)));
        return out;
    }

    @Test
    void mapsBeanValidationOntoTheVocabulary() {
        assertThat(codes(new Input(" ", "abcd", List.of("a", "b", "c", "d"), 11, "no-at", "A1")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "name",
                        ErrorCode.REQUIRED,
                        "code",
                        ErrorCode.TOO_LONG,
                        "tags",
                        ErrorCode.TOO_MANY,
                        "count",
                        ErrorCode.OUT_OF_RANGE,
                        "email",
                        ErrorCode.INVALID_EMAIL,
                        "slug",
                        ErrorCode.INVALID_FORMAT));
        assertThat(codes(new Input("x", "ab", List.of("a"), 1, null, null)))
                .containsExactlyEntriesOf(Map.of("tags", ErrorCode.TOO_FEW));
    }

    @Test
    void aViolationIsWrittenWithItsCodeString() {
        String json = JsonMapper.builder()
                .build()
                .writeValueAsString(new FieldViolation("tags[2]", ErrorCode.REQUIRED, "must not be null"));
        assertThat(json).isEqualTo("{\"field\":\"tags[2]\",\"code\":\"required\",\"message\":\"must not be null\"}");
    }

    @Test
    void codesAreKebabCaseAndUnique() {
        var seen = new HashSet<String>();
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.code()).matches("[a-z]+(-[a-z]+)*");
            assertThat(seen.add(code.code())).as(code.code()).isTrue();
            assertThat(ErrorCode.of(code.code())).isSameAs(code);
        }
    }
}
