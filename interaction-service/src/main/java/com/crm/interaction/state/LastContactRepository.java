package com.crm.interaction.state;

import com.crm.contracts.events.interaction.ContactStateChanged;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The latest contacts of a customer, read from the timeline's interactions. */
@Repository
class LastContactRepository {

    private final JdbcClient jdbc;

    LastContactRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest contact per channel, either direction; channels in name order. */
    List<ContactStateChanged.LastContact> perChannel(UUID customerId) {
        return jdbc.sql("""
                        select distinct on (channel) channel, direction, occurred_at from interaction
                        where customer_id = :id
                        order by channel, occurred_at desc, id desc""")
                .param("id", customerId)
                .query((rs, row) -> new ContactStateChanged.LastContact(
                        rs.getString("channel"),
                        rs.getString("direction"),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
