package com.crm.interaction.agent;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/** A weekly schedule in the agent's own IANA time zone: slots per weekday, start inclusive, end exclusive. */
public record WorkingHours(
        @Schema(description = "IANA time zone, e.g. Asia/Shanghai") @NotBlank @Size(max = 64)
        String timeZone,

        @NotNull @Size(max = 28) List<@Valid @NotNull Slot> slots) {

    /** One working period of a weekday, e.g. MONDAY 09:00-17:30. */
    public record Slot(
            @NotNull DayOfWeek day,

            @Schema(type = "string", example = "09:00") @NotNull
            LocalTime start,

            @Schema(type = "string", example = "17:30") @NotNull
            LocalTime end) {}

    /** Whether {@code at} falls in a slot, read in the schedule's zone. */
    public boolean within(Instant at) {
        ZonedDateTime local;
        try {
            local = at.atZone(ZoneId.of(timeZone));
        } catch (DateTimeException e) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        return slots.stream()
                .anyMatch(s -> s.day() == local.getDayOfWeek() && !time.isBefore(s.start()) && time.isBefore(s.end()));
    }
}
