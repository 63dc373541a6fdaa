package com.crm.segmentation.segment;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The segments a customer is in (routed by the gateway as /api/customers/{id}/segments). */
@RestController
@Tag(name = "Segments")
class CustomerSegmentsController {

    private final SegmentService segments;

    CustomerSegmentsController(SegmentService segments) {
        this.segments = segments;
    }

    @GetMapping("/api/customers/{id}/segments")
    @Operation(
            summary = "The segments a customer is in",
            description = "Active (not archived) segments and static lists with their kind and since when the "
                    + "customer is a member, longest first; empty for a customer unknown here")
    @ApiResponse(responseCode = "200", description = "The customer's segments")
    @ApiResponse(
            responseCode = "404",
            description = "The customer is outside the caller's visibility (answered as an unknown customer)",
            content = @Content(mediaType = "application/problem+json"))
    Map<String, List<SegmentService.CustomerSegment>> segments(@PathVariable UUID id) {
        return Map.of("items", segments.segmentsOf(id));
    }
}
