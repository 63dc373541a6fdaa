package com.crm.webhook.delivery;

import com.crm.support.paging.CursorPage;
import com.crm.support.paging.PageLimit;
import com.crm.webhook.WebhookCaller;
import com.crm.webhook.delivery.DeliveryLog.DeliveryView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(
        name = "Webhook deliveries",
        description = "The delivery log with every attempt (status code, latency), "
                + "the dead-letter list and replays. Needs crm.integration (with crm.read / crm.write) or crm.admin. "
                + "A client sees and replays only the deliveries of its own subscriptions (crm.admin: all).")
class DeliveryController {

    private final DeliveryLog deliveries;

    DeliveryController(DeliveryLog deliveries) {
        this.deliveries = deliveries;
    }

    @ApiResponse(
            responseCode = "404",
            description = "No such subscription or delivery of the caller (another client's is not found either)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "200", description = "A page of the subscription's deliveries, newest first")
    @GetMapping("/api/webhooks/subscriptions/{id}/deliveries")
    @Operation(
            summary = "A subscription's deliveries with their attempts, newest first; status = PENDING, "
                    + "DELIVERED, DEAD or PURGED (limit 1-500, default 50; cursor)")
    @Parameter(
            name = "limit",
            description = "Page size",
            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
    @Parameter(name = "cursor", description = "The previous page's nextCursor, unchanged")
    CursorPage<DeliveryView> ofSubscription(
            @PathVariable UUID id,
            @RequestParam(required = false) DeliveryStatus status,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return deliveries.ofSubscription(WebhookCaller.current(), id, status, PageLimit.resolve(limit), cursor);
    }

    @ApiResponse(
            responseCode = "404",
            description = "No such subscription or delivery of the caller (another client's is not found either)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "202", description = "A ping delivery is queued")
    @PostMapping("/api/webhooks/subscriptions/{id}/ping")
    @Operation(summary = "Queue a signed test delivery (type crm.webhook.ping, subject = the subscription id)")
    ResponseEntity<DeliveryView> ping(@PathVariable UUID id) {
        DeliveryView queued = deliveries.ping(WebhookCaller.current(), id);
        return ResponseEntity.accepted()
                .location(URI.create("/api/webhooks/deliveries/" + queued.id()))
                .body(queued);
    }

    @ApiResponse(
            responseCode = "404",
            description = "No such subscription or delivery of the caller (another client's is not found either)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "200", description = "The delivery")
    @GetMapping("/api/webhooks/deliveries/{id}")
    @Operation(summary = "One delivery with its attempts and the CloudEvent it sends (null once purged)")
    DeliveryView get(@PathVariable UUID id) {
        return deliveries.get(WebhookCaller.current(), id);
    }

    @GetMapping("/api/webhooks/dead-letters")
    @Operation(
            summary = "Deliveries that failed for the whole retry horizon, of one subscription or all, "
                    + "oldest first (limit 1-500, default 50; cursor)")
    @Parameter(
            name = "limit",
            description = "Page size",
            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
    @Parameter(name = "cursor", description = "The previous page's nextCursor, unchanged")
    CursorPage<DeliveryView> deadLetters(
            @RequestParam(required = false) UUID subscriptionId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return deliveries.deadLetters(WebhookCaller.current(), subscriptionId, PageLimit.resolve(limit), cursor);
    }

    @ApiResponse(
            responseCode = "404",
            description = "No such subscription or delivery of the caller (another client's is not found either)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "202", description = "The dead letter is queued again")
    @PostMapping("/api/webhooks/dead-letters/{id}/replay")
    @Operation(summary = "Send a dead letter again, now, with a fresh retry horizon (409 unless it is DEAD)")
    ResponseEntity<DeliveryView> replay(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(deliveries.replay(WebhookCaller.current(), id));
    }

    @PostMapping("/api/webhooks/dead-letters/replay")
    @Operation(summary = "Send every dead letter of the caller's subscriptions again, of one (subscriptionId) or all")
    ResponseEntity<Map<String, Integer>> replayAll(@RequestParam(required = false) UUID subscriptionId) {
        return ResponseEntity.accepted()
                .body(Map.of("replayed", deliveries.replayAll(WebhookCaller.current(), subscriptionId)));
    }
}
