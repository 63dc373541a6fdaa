package com.crm.interaction.check;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import com.crm.interaction.customer.CustomerAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(
        name = "Contact checks",
        description = "May the company contact this customer now, over this channel, for this purpose?")
class ContactCheckController {

    private final ContactGuard guard;
    private final CustomerAccess access;
    private final Clock clock;

    ContactCheckController(ContactGuard guard, CustomerAccess access, Clock clock) {
        this.guard = guard;
        this.access = access;
        this.clock = clock;
    }

    record ContactCheckRequest(
            @NotNull UUID customerId,
            @NotNull Channel channel,
            @Schema(description = "SERVICE when omitted") Purpose purpose,

            @Schema(
                    description = "The subscription type of the message, if any: refused when the customer"
                            + " unsubscribed from it",
                    maxLength = 64)
            @jakarta.validation.constraints.Size(max = 64)
            String subscriptionType,

            @Schema(description = "When the contact would happen; now when omitted")
            Instant at) {}

    record ContactCheckResponse(
            UUID customerId,
            Channel channel,
            Purpose purpose,
            Instant at,
            boolean allowed,
            List<ContactReason> reasons,
            Instant earliestAllowedAt) {}

    @PostMapping(path = "/api/contact-checks", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Check whether a contact is allowed",
            description = "Needs crm.write (agents ask before they call). 200: allowed, or not with every reason "
                    + "(rule, policy, message, allowedFrom) and earliestAllowedAt (null when time alone never lifts "
                    + "the refusal, e.g. a missing consent). The customer's own choices are rules no policy overrides: a MARKETING "
                    + "or SALES contact is refused (purpose-consent) when the MARKETING purpose is not GRANTED for the "
                    + "channel (its own record, else ALL), a SERVICE contact when SERVICE is not, and a message of a "
                    + "subscriptionType the customer left (unsubscribed). A check reserves nothing: recording the contact checks again. "
                    + "A customer outside the caller's visibility is a 404; one this service has not heard of "
                    + "yet is decided without consents (refused where a policy needs one).")
    @ApiResponse(responseCode = "200", description = "The decision")
    public ContactCheckResponse evaluate(@Valid @RequestBody ContactCheckRequest request) {
        access.refuseHidden(request.customerId());
        Purpose purpose = request.purpose() == null ? Purpose.SERVICE : request.purpose();
        Instant at = request.at() == null ? clock.instant().truncatedTo(ChronoUnit.MICROS) : request.at();
        ContactDecision decision =
                guard.decide(request.customerId(), request.channel(), purpose, request.subscriptionType(), at);
        return new ContactCheckResponse(
                request.customerId(),
                request.channel(),
                purpose,
                at,
                decision.allowed(),
                decision.reasons(),
                decision.earliestAllowedAt());
    }
}
