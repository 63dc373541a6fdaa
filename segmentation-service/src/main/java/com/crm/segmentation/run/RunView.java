package com.crm.segmentation.run;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A full recompute run: status RUNNING / SUCCEEDED / FAILED, its phase and progress (0..1), counts, duration. */
public record RunView(
        UUID id,
        String status,
        String trigger,
        LocalDate calibrationEnd,
        String phase,
        double progress,
        Integer customers,
        Integer stageChanges,
        Integer tierChanges,
        Double tierSMinClv,
        Double tierAMinClv,
        Double tierBMinClv,
        String error,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs) {}
