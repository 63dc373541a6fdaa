package com.crm.interaction.customer;

import com.crm.support.access.SqlCondition;
import com.crm.support.access.Visibility;
import com.crm.support.access.VisibilityPolicy;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Record-level access in interaction-service: which customers the current caller sees ({@link VisibilityPolicy}),
 * decided from the owner and team projected from {@code crm.customer.v1} into {@code customer_projection}. A
 * customer not (yet) projected counts as one without owner or team (seen by those who see all, and by managers
 * unless {@code crm.access.unassigned-visible-to-managers=false}).
 *
 * <p>Note: nearly identical to feedback-service's and segmentation-service's {@code CustomerAccess} (only the
 * projection table differs); a candidate for the platform (crm-service-support), not moved yet.
 */
@Component
public class CustomerAccess {

    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final VisibilityPolicy policy;
    private final CustomerProjectionRepository customers;

    CustomerAccess(VisibilityPolicy policy, CustomerProjectionRepository customers) {
        this.policy = policy;
        this.customers = customers;
    }

    /** The caller's visibility (all for the service itself: consumers, scheduled work). */
    public Visibility visibility() {
        return policy.current();
    }

    /** Whether the caller sees this customer; callers answer exactly as for an unknown customer when not. */
    public boolean visible(UUID customerId) {
        Visibility visibility = visibility();
        if (visibility.isAll()) {
            return true;
        }
        var owned = customers.ownership(customerId).orElse(null);
        return owned == null ? visibility.allows(null, null) : visibility.allows(owned.ownerId(), owned.teamId());
    }

    /**
     * The caller's visibility as a SQL condition on a customer id column, e.g. {@code condition("i.customer_id")}:
     * a semi-join on {@code customer_projection}, {@link SqlCondition#TRUE} for those who see all. Bind its
     * parameters with {@code params(condition.params())}.
     */
    public SqlCondition condition(String customerIdColumn) {
        if (customerIdColumn == null || !COLUMN.matcher(customerIdColumn).matches()) {
            throw new IllegalArgumentException("not a column name: " + customerIdColumn);
        }
        Visibility visibility = visibility();
        SqlCondition owned = visibility.sql("crm_access.owner_id", "crm_access.team_id");
        if (owned.always()) {
            return SqlCondition.TRUE;
        }
        String known = "exists (select 1 from customer_projection crm_access where crm_access.customer_id = "
                + customerIdColumn + " and " + owned.clause() + ")";
        if (visibility.allows(null, null)) {
            // not yet projected: no owner, no team
            known = known + " or not exists (select 1 from customer_projection crm_access"
                    + " where crm_access.customer_id = " + customerIdColumn + ")";
        } else if (SqlCondition.FALSE.clause().equals(owned.clause())) {
            return SqlCondition.FALSE;
        }
        return new SqlCondition("(" + known + ")", owned.params());
    }
}
