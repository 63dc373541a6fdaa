package com.crm.interaction.check;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The contacts the policies count (outbound interactions), and the per-customer lock of check-and-record. */
@Repository
class ContactHistoryRepository {

    private final JdbcClient jdbc;

    ContactHistoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A transaction-scoped advisory lock on the customer. */
    void lock(UUID customerId) {
        long key = customerId.getMostSignificantBits() ^ customerId.getLeastSignificantBits();
        jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", key).query().listOfRows();
    }

    List<PastContact> outboundSince(UUID customerId, Instant since) {
        return jdbc.sql("""
                        select channel, purpose, occurred_at from interaction
                        where customer_id = :customerId and direction = 'OUTBOUND' and occurred_at > :since""")
                .param("customerId", customerId)
                .param("since", since.atOffset(ZoneOffset.UTC))
                .query((rs, row) -> new PastContact(
                        Channel.valueOf(rs.getString("channel")),
                        Purpose.valueOf(rs.getString("purpose")),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
