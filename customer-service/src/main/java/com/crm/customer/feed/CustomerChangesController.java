package com.crm.customer.feed;

import com.crm.contracts.Topics;
import com.crm.customer.profile.CustomerAccess;
import com.crm.support.feed.ChangeFeed;
import com.crm.support.paging.PageLimit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/customers/changes")
@Tag(name = "Change feed", description = "Every customer change, for integrators that run no Kafka consumer")
class CustomerChangesController {

    /** A page of the feed: the CloudEvents as published on crm.customer.v1, and where to continue. */
    record ChangesPage(List<JsonNode> items, String nextCursor) {}

    private final ChangeFeed feed;
    private final JsonMapper json;
    private final CustomerAccess access;

    CustomerChangesController(ChangeFeed feed, JsonMapper json, CustomerAccess access) {
        this.feed = feed;
        this.json = json;
        this.access = access;
    }

    @GetMapping
    @Operation(
            summary = "Poll customer changes",
            description = "Needs crm.read. Returns the events of crm.customer.v1 (CloudEvents JSON) in commit order "
                    + "after the cursor; start without one. nextCursor is always set: poll again with it, an empty "
                    + "page means nothing new yet. A transaction that commits late is never skipped. Events carry "
                    + "no name, email or phone: fetch the profile (GET /api/customers/{id}). "
                    + "People get the events of the customers they see now (agents their own, managers their "
                    + "team's); integrated systems and admins every event.")
    @ApiResponse(responseCode = "200", description = "The next changes")
    ChangesPage list(
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
            @Parameter(description = "1 to 500, default 50") @RequestParam(required = false) Integer limit) {
        // a person's feed: the events of the customers within their visibility now (an event is keyed by its customer)
        ChangeFeed.Page page = feed.read(
                Topics.CUSTOMER, cursor, PageLimit.resolve(limit), access.keyedCondition("crm_outbox.message_key"));
        return new ChangesPage(page.events().stream().map(json::readTree).toList(), page.nextCursor());
    }
}
