package com.crm.loyalty.access;

import com.crm.support.access.ProjectedCustomerAccess.Ownership;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each customer's owner and team ({@code customer_ownership}), projected from {@code crm.customer.v1}. */
@Repository
public class CustomerOwnershipRepository {

    private final JdbcClient jdbc;

    CustomerOwnershipRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a snapshot's owner and team unless a newer version is already stored (latest wins). */
    public void upsert(UUID customerId, String ownerId, String teamId, long version) {
        jdbc.sql("""
                insert into customer_ownership (customer_id, owner_id, team_id, version, updated_at)
                values (:id, :owner, :team, :version, now())
                on conflict (customer_id) do update set owner_id = excluded.owner_id, team_id = excluded.team_id,
                    version = excluded.version, updated_at = excluded.updated_at
                where customer_ownership.version <= excluded.version""")
                .param("id", customerId)
                .param("owner", truncate(ownerId))
                .param("team", truncate(teamId))
                .param("version", version)
                .update();
    }

    /** Erasure: the owner goes, the team stays (the organisation's, as in customer-service). */
    public void eraseOwner(UUID customerId) {
        jdbc.sql("update customer_ownership set owner_id = null, updated_at = now() where customer_id = :id")
                .param("id", customerId)
                .update();
    }

    /** Merged customers' rows go: their data now belongs to the survivor. */
    public void delete(List<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return;
        }
        jdbc.sql("delete from customer_ownership where customer_id in (:ids)")
                .param("ids", customerIds)
                .update();
    }

    Optional<Ownership> find(UUID customerId) {
        return jdbc.sql("select owner_id, team_id from customer_ownership where customer_id = :id")
                .param("id", customerId)
                .query((rs, n) -> new Ownership(rs.getString("owner_id"), rs.getString("team_id")))
                .optional();
    }

    private static String truncate(String value) {
        return value == null || value.length() <= 64 ? value : value.substring(0, 64);
    }
}
