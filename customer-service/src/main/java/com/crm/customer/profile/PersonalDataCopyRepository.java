package com.crm.customer.profile;

import com.crm.contracts.Topics;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Copies of a customer's personal data kept for replay: their published events in the outbox (the change feed) and
 * stored answers to idempotent requests.
 */
@Repository
class PersonalDataCopyRepository {

    private final JdbcClient jdbc;

    PersonalDataCopyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void purge(UUID customerId) {
        // events carry no direct identifiers (CustomerSnapshot), so events still waiting for the relay are kept and
        // delivered (a merge or a purchase just before the erasure is not lost); copies already published, which the
        // change feed serves until the retention, go: written by an older version, they may hold a name or an email
        jdbc.sql("delete from crm_outbox where message_key = :id and topic <> :audit and published_at is not null")
                .param("id", customerId.toString())
                .param("audit", Topics.AUDIT)
                .update();
        jdbc.sql("delete from crm_idempotency where position(convert_to(:id, 'UTF8') in body) > 0")
                .param("id", customerId.toString())
                .update();
    }
}
