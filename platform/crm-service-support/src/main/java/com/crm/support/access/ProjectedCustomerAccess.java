package com.crm.support.access;

import com.crm.support.problem.ApiException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Record-level access in a service that learns customers' owners and teams from {@code crm.customer.v1} and keeps
 * them in a projection table of its own (columns {@code customer_id}, {@code owner_id}, {@code team_id}): which
 * customers the current caller sees ({@link VisibilityPolicy}). A customer not (yet) projected counts as one without
 * owner or team (seen by those who see all, and by managers unless
 * {@code crm.access.unassigned-visible-to-managers=false}). Each service extends it with its table and the lookup of
 * its repository.
 */
public class ProjectedCustomerAccess {

    /** A customer's owner and team as projected. */
    public record Ownership(String ownerId, String teamId) {}

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final VisibilityPolicy policy;
    private final String table;
    private final Function<UUID, Optional<Ownership>> lookup;

    protected ProjectedCustomerAccess(
            VisibilityPolicy policy, String table, Function<UUID, Optional<Ownership>> lookup) {
        this.policy = policy;
        this.table = requireName(table);
        this.lookup = lookup;
    }

    /** The caller's visibility (all for the service itself: consumers, scheduled work). */
    public Visibility visibility() {
        return policy.current();
    }

    /** Whether the caller sees this customer; callers answer exactly as for an unknown record when not. */
    public boolean visible(UUID customerId) {
        Visibility visibility = visibility();
        if (visibility.isAll()) {
            return true;
        }
        Ownership owned = lookup.apply(customerId).orElse(null);
        return owned == null ? visibility.allows(null, null) : visibility.allows(owned.ownerId(), owned.teamId());
    }

    /** {@code 403} unless the caller sees every customer ({@link Visibility#requireAll}). */
    public void requireAll(String what) {
        visibility().requireAll(what);
    }

    /**
     * Refuses, with the {@code 404} of an unknown customer, a customer this service knows to be outside the caller's
     * visibility: for what hangs under {@code /api/customers/{id}/...} and writes naming a customer, where an empty
     * answer would still confirm the customer and an accepted write would change them. A customer not projected yet
     * passes (answered as an unknown one), so that a customer just created is usable before their event arrives.
     */
    public void refuseHidden(UUID customerId) {
        if (hidden(customerId)) {
            throw ApiException.notFound("Customer", customerId);
        }
    }

    /**
     * Whether this service knows the customer to be outside the caller's visibility. A customer not projected yet
     * is not hidden: it is answered as an unknown one.
     */
    public boolean hidden(UUID customerId) {
        Visibility visibility = visibility();
        if (visibility.isAll()) {
            return false;
        }
        Optional<Ownership> owned = lookup.apply(customerId);
        return owned.isPresent()
                && !visibility.allows(owned.get().ownerId(), owned.get().teamId());
    }

    /**
     * The caller's visibility as a SQL condition on a customer id column, e.g. {@code condition("c.customer_id")}:
     * a semi-join on the projection table, {@link SqlCondition#TRUE} for those who see all. Bind its parameters with
     * {@code params(condition.params())}.
     */
    public SqlCondition condition(String customerIdColumn) {
        requireName(customerIdColumn);
        Visibility visibility = visibility();
        SqlCondition owned = visibility.sql("crm_access.owner_id", "crm_access.team_id");
        if (owned.always()) {
            return SqlCondition.TRUE;
        }
        String known = "exists (select 1 from " + table + " crm_access where crm_access.customer_id = "
                + customerIdColumn + " and " + owned.clause() + ")";
        if (visibility.allows(null, null)) {
            // not yet projected: no owner, no team
            known = known + " or not exists (select 1 from " + table + " crm_access"
                    + " where crm_access.customer_id = " + customerIdColumn + ")";
        } else if (SqlCondition.FALSE.clause().equals(owned.clause())) {
            return SqlCondition.FALSE;
        }
        return new SqlCondition("(" + known + ")", owned.params());
    }

    private static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a table or column name: " + name);
        }
        return name;
    }
}
