package com.crm.segmentation.access;

import com.crm.support.access.ProjectedCustomerAccess.Ownership;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A customer's owner and team as projected from {@code crm.customer.v1} ({@code customer_profile}). */
@Repository
class CustomerAccessRepository {

    private final JdbcClient jdbc;

    CustomerAccessRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Ownership> ownership(UUID customerId) {
        return jdbc.sql("select owner_id, team_id from customer_profile where customer_id = :id")
                .param("id", customerId)
                .query((rs, n) -> new Ownership(rs.getString("owner_id"), rs.getString("team_id")))
                .optional();
    }
}
