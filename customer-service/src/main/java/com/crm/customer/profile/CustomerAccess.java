package com.crm.customer.profile;

import com.crm.support.access.SqlCondition;
import com.crm.support.access.Visibility;
import com.crm.support.access.VisibilityPolicy;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ProblemTypes;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
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
    private final JdbcClient jdbc;

    CustomerAccess(VisibilityPolicy policy, JdbcClient jdbc) {
        this.policy = policy;
        this.jdbc = jdbc;
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
     * Answers {@code 404} (as for an unknown id) when the customer, or the survivor it was merged into, is outside
     * the caller's visibility. An unknown id passes: the caller's own lookup answers for it.
     */
    public void requireVisible(UUID id) {
        Visibility visibility = visibility();
        if (visibility.isAll()) {
            return;
        }
        Optional<Owner> owner = owner(id);
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
        if (!visibility().isAll()) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN,
                    "Forbidden",
                    "Only callers who see every customer (admins, integrated systems) may use " + what,
                    List.of());
        }
    }

    /** Whether the caller sees the customer with this owner and team. */
    boolean allows(Profile profile) {
        return visibility().allows(profile.ownerId(), profile.teamId());
    }

    private record Owner(String ownerId, String teamId) {}

    /** The owner and team of the customer, or of the end of its merge chain. */
    private Optional<Owner> owner(UUID id) {
        return jdbc.sql("""
                        with recursive chain (id, merged_into, owner_id, team_id, depth) as (
                            select id, merged_into, owner_id, team_id, 0 from customer where id = :id
                            union all
                            select c.id, c.merged_into, c.owner_id, c.team_id, chain.depth + 1
                            from customer c join chain on c.id = chain.merged_into
                            where chain.depth < 32)
                        select owner_id, team_id from chain order by depth desc limit 1""")
                .param("id", id)
                .query((rs, n) -> new Owner(rs.getString(1), rs.getString(2)))
                .optional();
    }
}
