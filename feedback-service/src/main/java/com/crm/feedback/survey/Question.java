package com.crm.feedback.survey;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * One question. {@code min}/{@code max} bound a SCALE (NPS 0–10, CSAT 1–5, CES 1–7 are fixed); {@code options} are
 * the choices of SINGLE_CHOICE / MULTIPLE_CHOICE; {@code maxLength} bounds TEXT (default 2,000).
 */
public record Question(
        @NotNull @Size(min = 1, max = 64) @Pattern(regexp = ID, message = "letters, digits, _ or -")
        String id,

        @NotNull QuestionType type,
        @NotBlank @Size(max = 1000) String text,
        @Schema(description = "Default true") Boolean required,

        @Schema(description = "SCALE only: the lowest answer, a whole number below max")
        Integer min,

        @Schema(description = "SCALE only: the highest answer, at most 100 above min")
        Integer max,

        @Schema(description = "SINGLE_CHOICE and MULTIPLE_CHOICE: at least 2 distinct options")
        List<String> options,

        @Schema(description = "TEXT only: the longest answer, default 2000")
        Integer maxLength) {

    static final String ID = "[A-Za-z0-9_-]*";

    public boolean isRequired() {
        return required == null || required;
    }

    int lower() {
        return type.min != null ? type.min : min == null ? 1 : min;
    }

    int upper() {
        return type.max != null ? type.max : max == null ? 5 : max;
    }
}
