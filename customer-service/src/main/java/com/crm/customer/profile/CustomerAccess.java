package com.crm.customer.profile;

import com.crm.support.access.SqlCondition;
import com.crm.support.access.Visibility;
import com.crm.support.access.VisibilityPolicy;
import com.crm.support.problem.ApiException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Record-level access in customer-service, the system of record for ownership: which customers the caller of the
 * current request sees ({@link VisibilityPolicy}). A customer outside it answers exactly as a missing one
 * ({@code 404}); lists, counts and exports filter in SQL with {@link #condition}.
 */
@Component
public class CustomerAccess {

    static final String RESOURCE = "Customer";

    private final VisibilityPolicy policy;
    private final CustomerRepository customers;

    CustomerAccess(VisibilityPolicy policy, CustomerRepository customers) {
        this.policy = policy;
        this.customers = customers;
    }

    /** The caller's visibility (all for the service itself: consumers and scheduled work). */
    public Visibility visibility() {
        return policy.current();
    }

    /**
     * The caller's visibility as a SQL condition over a customer table's owner and team columns, e.g.
     * {@code condition("c.owner_id", "c.team_id")}; {@code true} when the caller sees all.
     */
    public SqlCondition condition(String ownerColumn, String teamColumn) {
        return visibility().sql(ownerColumn, teamColumn);
    }

    /**
     * The caller's visibility as a condition on a row keyed by a customer id ({@code keyColumn}, text holding a
     * UUID, a column name of the caller's query): the customer of that id is within it now. {@link SqlCondition#TRUE}
     * for those who see all.
     */
    public SqlCondition keyedCondition(String keyColumn) {
        SqlCondition owned = condition("crm_keyed.owner_id", "crm_keyed.team_id");
        if (owned.always()) {
            return SqlCondition.TRUE;
        }
        return new SqlCondition(
                "(exists (select 1 from customer crm_keyed where crm_keyed.id = cast(" + keyColumn + " as uuid) and "
                        + owned.clause() + "))",
                owned.params());
    }

    /**
     * Answers {@code 404} (as for an unknown id) when the customer, or the survivor it was merged into, is outside
     * the caller's visibility. An unknown id passes: the caller's own lookup answers for it.
     */
    public void requireVisible(UUID id) {
        Visibility visibility = visibility();
        if (visibility.isAll()) {
            return;
        }
        Optional<CustomerRepository.Ownership> owner = customers.ownershipAtEndOfMerges(id);
        if (owner.isPresent()
                && !visibility.allows(owner.get().ownerId(), owner.get().teamId())) {
            throw ApiException.notFound(RESOURCE, id);
        }
    }

    /**
     * Answers {@code 403} unless the caller sees every customer: for what is computed over all of them (organisation
     * wide reports, the change feed, platform-wide scans).
     */
    public void requireAll(String what) {
        visibility().requireAll(what);
    }

    /** Whether the caller sees the customer with this owner and team. */
    boolean allows(Profile profile) {
        return visibility().allows(profile.ownerId(), profile.teamId());
    }
}
