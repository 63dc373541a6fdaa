package com.crm.customer.search;

import com.crm.customer.profile.CustomerAccess;
import com.crm.customer.profile.CustomerService;
import com.crm.customer.profile.CustomerView;
import com.crm.support.access.SqlCondition;
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

    @Transactional(readOnly = true)
    SearchPage search(SearchRequest request) {
        SearchQuery query = validator.resolve(request);
        SqlCondition visible = access.condition("c.owner_id", "c.team_id");
        List<SearchRepository.Row> rows = repository.page(query, visible, query.limit() + 1);
        boolean more = rows.size() > query.limit();
        List<SearchRepository.Row> shown = more ? rows.subList(0, query.limit()) : rows;
        long total = repository.count(query, visible);
        List<UUID> ids = shown.stream().map(SearchRepository.Row::id).toList();
        Map<UUID, ValueScores> scores = repository.valueScores(ids);
        List<CustomerView> views = customers.liveViews(ids);
        String next = null;
        if (more) {
            SearchRepository.Row last = shown.getLast();
            next = new SearchCursor(query.sortSignature(), last.sortValues(), last.id()).encode(json);
        }
        return new SearchPage(
                total,
                views.stream()
                        .map(v -> new SearchPage.Hit(v, scores.get(v.id())))
                        .toList(),
                next);
    }
}
