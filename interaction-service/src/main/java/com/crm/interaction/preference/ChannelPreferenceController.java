package com.crm.interaction.preference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Channel preference", description = "Which channels reach a customer best, from their history")
class ChannelPreferenceController {

    private final ChannelPreferenceService service;

    ChannelPreferenceController(ChannelPreferenceService service) {
        this.service = service;
    }

    @GetMapping("/api/customers/{customerId}/channel-preference")
    @Operation(
            summary = "A customer's channel preference",
            description = "Needs crm.read. From the last 365 days: per channel the contacts the customer started "
                    + "(inbound), the company's (outbound) and how many reached them; ranked by inbound + reached, then "
                    + "reach rate. preferredChannel is null without any signal. A customer outside the caller's "
                    + "visibility is a 404.")
    @ApiResponse(responseCode = "200", description = "The preference")
    ChannelPreferenceView get(@PathVariable UUID customerId) {
        return service.forCaller(customerId);
    }
}
