package com.crm.webhook.sharing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** The newest third-party sharing decision per customer ({@code customer_sharing}). */
@Repository
class CustomerSharingRepository {

    private final JdbcClient jdbc;

    CustomerSharingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return whether the row now holds this decision (false: a newer one was there) */
    boolean upsertIfNewer(UUID customer, String status, Instant changedAt) {
        return jdbc.sql("""
                        insert into customer_sharing (customer_id, status, changed_at)
                        values (:customer, :status, :at)
                        on conflict (customer_id) do update
                          set status = excluded.status, changed_at = excluded.changed_at
                        where customer_sharing.changed_at <= excluded.changed_at""")
                        .param("customer", customer)
                        .param("status", status)
                        .param("at", Timestamp.from(changedAt))
                        .update()
                > 0;
    }

    Optional<String> status(UUID customer) {
        return jdbc.sql("select status from customer_sharing where customer_id = :customer")
                .param("customer", customer)
                .query(String.class)
                .optional();
    }

    void delete(Collection<UUID> customers) {
        jdbc.sql("delete from customer_sharing where customer_id = any(:ids)")
                .param("ids", new SqlArrayValue("uuid", customers.toArray()))
                .update();
    }
}
