package com.crm.segmentation.offer;

import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.paging.PageLimit;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Next best offer", description = "Cross-sell and upsell from association rules, with exclusions")
@ApiResponse(
        responseCode = "400",
        description = "Invalid input; errors[] names each field",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(
        responseCode = "404",
        description = "Nothing known of this customer, or one outside the caller's visibility (agents see their "
                + "own customers, managers their team's; integrated systems and admins all)",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class OfferController {

    static final int MAX_OFFERS = 50;

    private final OfferService offers;
    private final OfferProperties properties;

    OfferController(OfferService offers, OfferProperties properties) {
        this.offers = offers;
        this.properties = properties;
    }

    /** {@code productCode}: the declined product (SKU); {@code reason}: optional. */
    record DeclineInput(
            @NotBlank @Size(max = 128) String productCode,
            @Size(max = 500) String reason) {}

    @GetMapping("/api/customers/{customerId}/offers")
    @ApiResponse(responseCode = "200", description = "The offers, best first, and the products left out")
    @Operation(
            summary = "Top products for this customer, each with its score and the rule that explains it",
            description = "excludes products bought recently, named in open complaints, or declined recently; a "
                    + "customer confirmed as a fraud (crm.customer.risk-confirmed, not cleared since) gets none: "
                    + "withheld = CONFIRMED_FRAUD")
    OfferService.Offers offers(
            @PathVariable UUID customerId, @RequestParam(required = false) @Min(1) @Max(MAX_OFFERS) Integer limit) {
        return offers.offers(customerId, limit == null ? properties.defaultLimit() : limit);
    }

    @PostMapping("/api/customers/{customerId}/offers/declines")
    @Operation(
            summary = "Record that the customer declined an offer (left out of offers for the decline window)",
            description = "Idempotency-Key supported")
    @ApiResponse(responseCode = "201", description = "Recorded")
    ResponseEntity<OfferService.Decline> decline(
            @PathVariable UUID customerId, @Valid @RequestBody(required = false) DeclineInput input) {
        if (input == null) {
            // no body at all: the one required field is what is missing
            throw ApiException.invalid("productCode", ErrorCode.REQUIRED, "required");
        }
        OfferService.Decline d = offers.decline(customerId, input.productCode(), input.reason());
        return ResponseEntity.created(URI.create("/api/customers/" + customerId + "/offers/declines/" + d.id()))
                .body(d);
    }

    @GetMapping("/api/customers/{customerId}/offers/declines/{declineId}")
    @ApiResponse(responseCode = "200", description = "The decline")
    @Operation(summary = "One decline, inside the decline window or not")
    @ApiResponse(
            responseCode = "404",
            description = "No such decline of this customer (or a customer outside the caller's visibility)",
            content = @Content(mediaType = "application/problem+json"))
    OfferService.Decline getDecline(@PathVariable UUID customerId, @PathVariable UUID declineId) {
        return offers.decline(customerId, declineId).orElseThrow(() -> ApiException.notFound("Decline", declineId));
    }

    @DeleteMapping("/api/customers/{customerId}/offers/declines/{declineId}")
    @Operation(
            summary = "Withdraw a decline recorded by mistake: the product may be offered again at once",
            description = "Needs crm.write. 204, also when already gone; 404 for a customer outside the caller's "
                    + "visibility.")
    @ApiResponse(responseCode = "204", description = "Withdrawn")
    ResponseEntity<Void> withdraw(@PathVariable UUID customerId, @PathVariable UUID declineId) {
        offers.withdraw(customerId, declineId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/customers/{customerId}/offers/declines")
    @ApiResponse(responseCode = "200", description = "A page of declines")
    @Operation(
            summary = "Declines still inside the decline window, newest first",
            description = "keyset paging: limit (1-500, default 50) and cursor; 404 for a customer outside the "
                    + "caller's visibility")
    CursorPage<OfferService.Decline> declines(
            @PathVariable UUID customerId,
            @RequestParam(required = false) @Min(1) @Max(PageLimit.MAX) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageLimit.resolve(limit);
        return CursorPage.of(
                offers.declines(customerId, KeysetCursor.decode(cursor), size + 1),
                size,
                d -> new KeysetCursor(d.declinedAt(), d.id()).encode(),
                d -> d);
    }
}
