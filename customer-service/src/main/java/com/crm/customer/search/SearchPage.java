package com.crm.customer.search;

import com.crm.customer.profile.CustomerView;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A page of search results.
 *
 * @param total        how many customers match, within the caller's visibility, over all pages: exact up to 10,000,
 *                     and 10,000 when more do
 * @param totalIsExact false when more than 10,000 match ({@code total} is then 10,000, a lower bound)
 * @param nextCursor   pass back as {@code after} for the next page (same request otherwise); null on the last page
 */
@Schema(name = "CustomerSearchPage", description = "A page of customers found")
record SearchPage(
        @Schema(
                description = "How many customers match (within the caller's visibility), over all pages: exact up to"
                        + " 10,000; 10,000 when more match (then totalIsExact is false)")
        long total,

        @Schema(
                description = "Whether total is exact: false when more than 10,000 customers match, total then being"
                        + " a lower bound (as HubSpot's search counts no further)")
        boolean totalIsExact,

        List<Hit> items,

        @Schema(description = "Pass back as after, with the same request, for the next page; null on the last page")
        String nextCursor) {

    /** A customer found: the customer as GET /api/customers/{id} answers it, and its value scores. */
    @Schema(
            name = "CustomerSearchHit",
            description = "A customer as GET /api/customers/{id} answers it, with its value scores")
    record Hit(@JsonUnwrapped CustomerView customer, ValueScores value) {}
}
