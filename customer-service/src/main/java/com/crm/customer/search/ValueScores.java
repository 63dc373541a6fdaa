package com.crm.customer.search;

import io.swagger.v3.oas.annotations.media.Schema;

/** A found customer's value scores as segmentation-service last reported them; decimals as strings, null if unknown. */
@Schema(
        name = "CustomerValueScores",
        description = "Value scores projected from segmentation-service (null when not scored)")
record ValueScores(
        @Schema(description = "S, A, B or C", example = "A") String tier,

        @Schema(description = "Customer lifetime value", example = "1200.5")
        String clv,

        @Schema(description = "CLV percentile, 0 to 100", example = "91.5")
        String clvPercentile,

        @Schema(description = "PROSPECT, NEW, GROWING, MATURE, DECLINING or CHURNED", example = "MATURE")
        String lifecycleStage,

        @Schema(description = "Churn risk, 0 to 1", example = "0.12")
        String churnRisk) {}
