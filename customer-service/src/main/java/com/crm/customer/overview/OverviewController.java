package com.crm.customer.overview;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Customer overview", description = "The whole customer in one call")
class OverviewController {

    private final OverviewService service;

    OverviewController(OverviewService service) {
        this.service = service;
    }

    @GetMapping("/api/customers/{id}/overview")
    @Operation(
            summary = "A customer's 360 overview",
            description = "Needs crm.read. Profile essentials; value (tier, "
                    + "CLV, P(alive), RFM, lifecycle stage, churn risk, key-account quadrant); contact state (last contact per "
                    + "channel, next due contact, preferred channel, consents, contacts left per policy window); voice (latest "
                    + "NPS/CSAT/CES, open complaints with SLA status); the latest interactions. Built from this service's own "
                    + "projections of the other services' events: each section has status known/unknown and asOf, the event "
                    + "time of what it shows. A merged id answers with the survivor (Content-Location names it). The weak "
                    + "ETag changes whenever anything shown changes; If-None-Match with it answers 304.")
    @ApiResponse(
            responseCode = "200",
            description = "The overview",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = CustomerOverview.class)))
    @ApiResponse(responseCode = "304", description = "Nothing changed since the ETag in If-None-Match")
    @ApiResponse(
            responseCode = "404",
            description = "No such customer",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "410",
            description = "The customer was deleted or erased",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<byte[]> get(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        OverviewService.RenderedOverview overview = service.overview(id);
        // the ETag is a digest of exactly the bytes sent
        byte[] body = overview.json();
        String etag = etag(body);
        boolean unchanged = matches(ifNoneMatch, etag);
        var response = ResponseEntity.status(unchanged ? HttpStatus.NOT_MODIFIED : HttpStatus.OK)
                .eTag(etag);
        if (!overview.customerId().equals(id)) {
            response.header(HttpHeaders.CONTENT_LOCATION, "/api/customers/" + overview.customerId() + "/overview");
        }
        return unchanged
                ? response.build()
                : response.contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = etag.substring(2);
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            // weak comparison (RFC 9110 13.1.2): W/ prefixes do not count
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(opaque)) {
                return true;
            }
        }
        return false;
    }
}
