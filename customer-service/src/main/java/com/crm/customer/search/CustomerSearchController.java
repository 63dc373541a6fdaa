package com.crm.customer.search;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Customers", description = "Customer profiles: identity, contact points, addresses, tags, consents")
class CustomerSearchController {

    static final String PATH = "/api/customers/search";

    private final CustomerSearchService service;

    CustomerSearchController(CustomerSearchService service) {
        this.service = service;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Search customers (HubSpot's search request shape)", description = """
                    Needs crm.read (a POST that only reads, as HubSpot's search). Finds live customers (never deleted, \
                    merged or erased ones) within the caller's visibility: people see their own (agents) or their \
                    team's (managers), integrated systems and admins all; `total` counts only those too.

                    `filterGroups` are OR-ed, the filters of a group AND-ed: at most 5 groups, 6 filters in a group \
                    and 18 filters in all. A filter is `{propertyName, operator, value | values | highValue}`: \
                    EQ, NEQ, LT, LTE, GT, GTE (`value`), BETWEEN (`value` to `highValue`, inclusive), IN and NOT_IN \
                    (`values`, 1 to 100), HAS_PROPERTY and NOT_HAS_PROPERTY (no value), CONTAINS_TOKEN (`value`: a \
                    case-insensitive substring of a string, a tag on tags, digits of a phone). Strings are at most \
                    256 characters. As in HubSpot, NEQ and NOT_IN never match a customer without the property.

                    Operators by type: string EQ NEQ IN NOT_IN CONTAINS_TOKEN HAS_PROPERTY NOT_HAS_PROPERTY (exact; \
                    e-mails case-insensitive, phones in any dialable form); number EQ NEQ LT LTE GT GTE BETWEEN IN \
                    NOT_IN HAS_PROPERTY NOT_HAS_PROPERTY; date (YYYY-MM-DD) and date-time (ISO 8601 with offset) EQ \
                    NEQ LT LTE GT GTE BETWEEN HAS_PROPERTY NOT_HAS_PROPERTY; enum EQ NEQ IN NOT_IN HAS_PROPERTY \
                    NOT_HAS_PROPERTY; tags EQ (has) NEQ (lacks) IN (any) NOT_IN (none) CONTAINS_TOKEN (has) \
                    HAS_PROPERTY (any tag) NOT_HAS_PROPERTY (no tag).

                    Properties: type (enum), displayName, givenName, familyName, email, phone, wechatId, company, \
                    jobTitle, industry, region, timeZone, ownerId, teamId (strings), tags (tags), birthday (date), \
                    createdAt, updatedAt (date-time); value scores: tier (enum S A B C), clv, clvPercentile, \
                    churnRisk (numbers), lifecycleStage (enum PROSPECT NEW GROWING MATURE DECLINING CHURNED). All \
                    but email, phone and tags sort.

                    `query` (at most 200 characters): a case-insensitive substring of the display, given or family \
                    name, an e-mail, a phone number's digits or the company (小明 finds 王小明). `sorts`: 0 to 2 \
                    `{propertyName, direction}` (ASCENDING or DESCENDING), nulls last, ties by id; without sorts by \
                    id. `limit` 1 to 200, default 10 (HubSpot's; not the platform's list default of 50). Pass \
                    `nextCursor` back as `after` with the same request for the next page. `total` is exact up to \
                    10,000 matches (HubSpot's limit); when more match it is 10,000 and `totalIsExact` is false.

                    Every field at fault is named in a 400 with its JSON path, e.g. \
                    `filterGroups[1].filters[0].operator`: unknown-field (an unknown property), invalid-value (an \
                    operator, enum value or direction not allowed), required, type-mismatch, invalid-format, \
                    too-many, too-few, too-long, out-of-range, empty-range, invalid-cursor.""")
    @ApiResponse(
            responseCode = "200",
            description = "A page of the customers found and how many match in all",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = SearchPage.class)))
    @ApiResponse(
            responseCode = "400",
            description = "Not a search this API runs: each field at fault is named",
            content = @Content(mediaType = "application/problem+json"))
    SearchPage run(@RequestBody SearchRequest request) {
        return service.search(request);
    }
}
