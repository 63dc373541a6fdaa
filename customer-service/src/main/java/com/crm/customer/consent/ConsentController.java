package com.crm.customer.consent;

import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.paging.PageLimit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/customers/{id}")
@Tag(
        name = "Consent purposes",
        description = "A customer's decisions by purpose (marketing, service, profiling, sharing with third parties)"
                + " with legal basis, source, evidence and expiry; subscription choices; the history of every change")
@ApiResponse(
        responseCode = "404",
        description = "No such customer, or not one the caller may see",
        content = @Content(mediaType = "application/problem+json"))
class ConsentController {

    private final ConsentService service;

    ConsentController(ConsentService service) {
        this.service = service;
    }

    record PurposeList(List<PurposeConsent> items) {}

    record SubscriptionList(List<Subscription> items) {}

    @GetMapping("/consent-purposes")
    @Operation(
            summary = "A customer's decisions by purpose",
            description = "Needs crm.read. One record per purpose and channel decided (ALL, or a channel whose own"
                    + " record overrides ALL for it). A purpose without a record: PROFILING and SERVICE rest on the"
                    + " stated legal basis (contract or legitimate interests) until the customer objects; MARKETING"
                    + " falls back to the channel consents of the profile; THIRD_PARTY_SHARING needs a GRANTED"
                    + " record.")
    @ApiResponse(responseCode = "200", description = "The current decisions")
    PurposeList purposes(@PathVariable UUID id) {
        return new PurposeList(service.purposes(id));
    }

    @PutMapping(path = "/consent-purposes/{purpose}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Record a decision on a purpose, for all channels",
            description = "Needs crm.write. Anything but GRANTED stops what depends on the purpose in every service"
                    + " within seconds (crm.customer.consent-purpose-changed): WITHDRAWN PROFILING takes the"
                    + " customer out of segments and offers, WITHDRAWN MARKETING refuses marketing contacts, WITHDRAWN"
                    + " SERVICE stops survey invitations, THIRD_PARTY_SHARING not GRANTED stops webhooks to third"
                    + " parties. A GRANTED consent needs evidence. Safe to retry: the same decision again, or one"
                    + " decided before the stored one (changedAt), changes nothing. Recorded in the history and the"
                    + " audit log.")
    @ApiResponse(responseCode = "200", description = "The decision now stored")
    @ApiResponse(
            responseCode = "400",
            description = "A field is invalid (each named)",
            content = @Content(mediaType = "application/problem+json"))
    PurposeConsent decideAll(
            @PathVariable UUID id,
            @Parameter(description = "MARKETING, SERVICE, PROFILING or THIRD_PARTY_SHARING") @PathVariable
                    String purpose,
            @RequestBody PurposeConsentInput input) {
        return service.decide(id, purpose, ConsentRules.ALL, input);
    }

    @PutMapping(path = "/consent-purposes/{purpose}/{channel}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Record a decision on a purpose for one channel",
            description = "Needs crm.write. As for all channels, for MARKETING or SERVICE on EMAIL, SMS, PHONE or"
                    + " WECHAT: this channel's record overrides the ALL one for the channel.")
    @ApiResponse(responseCode = "200", description = "The decision now stored")
    @ApiResponse(
            responseCode = "400",
            description = "A field is invalid (each named)",
            content = @Content(mediaType = "application/problem+json"))
    PurposeConsent decideChannel(
            @PathVariable UUID id,
            @Parameter(description = "MARKETING or SERVICE") @PathVariable String purpose,
            @Parameter(description = "EMAIL, SMS, PHONE, WECHAT (or ALL)") @PathVariable String channel,
            @RequestBody PurposeConsentInput input) {
        return service.decide(id, purpose, channel, input);
    }

    @GetMapping("/consent-history")
    @Operation(
            summary = "Every consent change of a customer",
            description = "Needs crm.read. Decisions by purpose and subscription choices, newest recorded first, with"
                    + " previous status, legal basis, source, evidence and actor. Purged by an erasure.")
    @ApiResponse(responseCode = "200", description = "A page of the history")
    CursorPage<ConsentHistoryEntry> history(
            @PathVariable UUID id,
            @Parameter(description = "From the previous page's nextCursor")
                    @RequestParam(name = KeysetCursor.PARAMETER, required = false)
                    String cursor,
            @Parameter(description = "1 to 500, default 50") @RequestParam(name = PageLimit.PARAMETER, required = false)
                    Integer limit) {
        return service.history(id, cursor, PageLimit.resolve(limit));
    }

    @GetMapping("/subscriptions")
    @Operation(
            summary = "A customer's subscription choices",
            description = "Needs crm.read. Every active subscription type with the customer's choice (NOT_SPECIFIED"
                    + " when none), and archived types the customer chose on.")
    @ApiResponse(responseCode = "200", description = "The choices")
    SubscriptionList subscriptions(@PathVariable UUID id) {
        return new SubscriptionList(service.subscriptions(id));
    }

    @PutMapping(path = "/subscriptions/{type}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Subscribe a customer to a type, or unsubscribe",
            description = "Needs crm.write. UNSUBSCRIBED stops contacts of this type in interaction-service within"
                    + " seconds (crm.customer.subscription-changed), whatever the purpose says. Safe to retry.")
    @ApiResponse(responseCode = "200", description = "The choice now stored")
    @ApiResponse(
            responseCode = "400",
            description = "A field is invalid, the type is unknown, or archived (no new subscriptions)",
            content = @Content(mediaType = "application/problem+json"))
    Subscription choose(@PathVariable UUID id, @PathVariable String type, @RequestBody SubscriptionChoiceInput input) {
        return service.choose(id, type, input);
    }
}
