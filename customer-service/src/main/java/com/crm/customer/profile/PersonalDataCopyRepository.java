package com.crm.customer.profile;

import com.crm.contracts.Topics;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Copies of a customer's personal data kept for delivery or replay: their events in the outbox (and so in the change
 * feed) and stored answers to idempotent requests.
 */
@Repository
class PersonalDataCopyRepository {

    private final JdbcClient jdbc;

    PersonalDataCopyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void purge(UUID customerId) {
        // audit events carry ids and codes only, and the audit log must keep the actions that led to the erasure
        // (an export or a merge still waiting for the relay)
        jdbc.sql("delete from crm_outbox where message_key = :id and topic <> :audit")
                .param("id", customerId.toString())
                .param("audit", Topics.AUDIT)
                .update();
        jdbc.sql("delete from crm_idempotency where position(convert_to(:id, 'UTF8') in body) > 0")
                .param("id", customerId.toString())
                .update();
    }
}
