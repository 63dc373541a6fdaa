package com.crm.webhook.subscription;

import com.crm.support.json.JsonMergePatch;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.PageLimit;
import com.crm.support.web.ETags;
import com.crm.webhook.WebhookCaller;
import com.crm.webhook.subscription.SubscriptionService.SubscriptionInput;
import com.crm.webhook.subscription.SubscriptionService.SubscriptionView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/webhooks/subscriptions")
@Tag(
        name = "Webhook subscriptions",
        description = "Where platform events are POSTed, signed with the subscription's "
                + "secret. Needs crm.integration (with crm.read / crm.write) or crm.admin. A subscription belongs to the "
                + "client that created it: another client's is 404; crm.admin sees and changes all.")
class SubscriptionController {

    private final SubscriptionService subscriptions;
    private final EventTypeCatalog catalog;

    SubscriptionController(SubscriptionService subscriptions, EventTypeCatalog catalog) {
        this.subscriptions = subscriptions;
        this.catalog = catalog;
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "Subscribed; the signing secret is in the body this once")
    @ApiResponse(
            responseCode = "422",
            description = "The client already owns crm.webhook.max-subscriptions-per-client subscriptions",
            content = @Content(mediaType = "application/problem+json"))
    @Operation(
            summary = "Subscribe a target URL to event types (exact, crm.customer.*, crm.*, *)",
            description = "The target must match crm.webhook.allowed-targets; internal addresses are refused unless "
                    + "the allow-list names them. The signing secret is the one sent, or a generated one; it is "
                    + "returned in this answer only. thirdParty: true when the receiver is another company; it then "
                    + "gets a customer's events only while the customer's THIRD_PARTY_SHARING consent is GRANTED.")
    ResponseEntity<SubscriptionView> create(@RequestBody SubscriptionInput input) {
        SubscriptionView created = subscriptions.create(input, WebhookCaller.current());
        return ResponseEntity.created(URI.create("/api/webhooks/subscriptions/" + created.id()))
                .eTag(ETags.of(created.version()))
                .body(created);
    }

    @GetMapping
    @Operation(summary = "Subscriptions, oldest first (limit 1-500, default 50; pass nextCursor back as cursor)")
    @Parameter(
            name = "limit",
            description = "Page size",
            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
    @Parameter(name = "cursor", description = "The previous page's nextCursor, unchanged")
    CursorPage<SubscriptionView> list(
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return subscriptions.list(WebhookCaller.current(), PageLimit.resolve(limit), cursor);
    }

    @ApiResponse(
            responseCode = "404",
            description = "No such subscription of the caller (another client's is not found either)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "200", description = "The subscription, its version as the ETag")
    @GetMapping("/{id}")
    @Operation(summary = "One subscription (never its secret); the ETag is its version")
    ResponseEntity<SubscriptionView> get(@PathVariable UUID id) {
        SubscriptionView s = subscriptions.get(id, WebhookCaller.current());
        return ResponseEntity.ok().eTag(ETags.of(s.version())).body(s);
    }

    @ApiResponse(
            responseCode = "404",
            description = "No such subscription of the caller (another client's is not found either)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "200", description = "The changed subscription, its new version as the ETag")
    @PatchMapping(
            path = "/{id}",
            consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    @Operation(
            summary = "Change targetUrl, eventTypes, description, active, thirdParty, or set a new secret (JSON Merge "
                    + "Patch, If-Match required)")
    ResponseEntity<SubscriptionView> patch(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody @Schema(implementation = SubscriptionInput.class) JsonNode patch) {
        SubscriptionView s = subscriptions.patch(id, WebhookCaller.current(), ifMatch, patch);
        return ResponseEntity.ok().eTag(ETags.of(s.version())).body(s);
    }

    @ApiResponse(
            responseCode = "404",
            description = "No such subscription of the caller (another client's is not found either)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a subscription with its pending deliveries and delivery log")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        subscriptions.delete(id, WebhookCaller.current());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/event-types")
    @Operation(summary = "The platform's event types a subscription can name")
    List<String> eventTypes() {
        return List.copyOf(catalog.types().keySet());
    }
}
