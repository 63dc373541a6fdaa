package com.crm.customer.search;

import com.crm.customer.profile.CustomerAccess;
import com.crm.customer.profile.CustomerService;
import com.crm.customer.profile.CustomerView;
import com.crm.support.access.Visibility;
import com.crm.support.json.StoredJson;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Customer search: checks the request, finds a page and the total within the caller's visibility, reads them. */
@Service
class CustomerSearchService {

    /** The total is exact up to this many matches, and "at least this many" beyond (HubSpot's limit, 10,000). */
    static final long TOTAL_LIMIT = 10_000;

    private final SearchValidator validator;
    private final SearchRepository repository;
    private final CustomerAccess access;
    private final CustomerService customers;
    private final JsonMapper json;

    CustomerSearchService(
            SearchValidator validator,
            SearchRepository repository,
            CustomerAccess access,
            CustomerService customers,
            StoredJson storedJson) {
        this.validator = validator;
        this.repository = repository;
        this.access = access;
        this.customers = customers;
        this.json = storedJson.mapper();
    }

    /**
     * How many match, up to one more than {@link #TOTAL_LIMIT}, for a search whose first page found {@code page} (at
     * most its limit + 1 rows): a first page that holds every match, or that counted its matches, tells without a
     * count.
     */
    static long total(
            SearchRepository repository, SearchQuery query, Visibility visibility, SearchRepository.Page page) {
        if (query.after() == null && page.matched() != null) {
            return page.matched();
        }
        if (query.after() == null && page.rows().size() <= query.limit()) {
            return page.rows().size();
        }
        return repository.count(query, visibility, TOTAL_LIMIT + 1);
    }

    @Transactional(readOnly = true)
    SearchPage search(SearchRequest request) {
        SearchQuery query = validator.resolve(request);
        Visibility visibility = access.visibility();
        SearchRepository.Page page = repository.page(query, visibility, query.limit() + 1, TOTAL_LIMIT + 1);
        List<SearchRepository.Row> rows = page.rows();
        boolean more = rows.size() > query.limit();
        List<SearchRepository.Row> shown = more ? rows.subList(0, query.limit()) : rows;
        long total = total(repository, query, visibility, page);
        List<UUID> ids = shown.stream().map(SearchRepository.Row::id).toList();
        Map<UUID, ValueScores> scores = repository.valueScores(ids);
        List<CustomerView> views = customers.liveViews(ids);
        String next = null;
        if (more) {
            SearchRepository.Row last = shown.getLast();
            next = new SearchCursor(query.sortSignature(), last.sortValues(), last.id()).encode(json);
        }
        return new SearchPage(
                Math.min(total, TOTAL_LIMIT),
                total <= TOTAL_LIMIT,
                views.stream()
                        .map(v -> new SearchPage.Hit(v, scores.get(v.id())))
                        .toList(),
                next);
    }
}
