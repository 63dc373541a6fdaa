package com.crm.customer.export;

import com.crm.support.export.BulkExport;
import java.time.Instant;
import org.springframework.stereotype.Repository;

/** The queries of the bulk exports; {@link BulkExport} streams them. Only active customers and their purchases. */
@Repository
class ExportRepository {

    /**
     * Every active customer with external references and consents, changed since {@code updatedSince} when given. In
     * no particular order (a sort of every row would cost more than the export): one statement, one snapshot.
     */
    String customers(Instant updatedSince) {
        return """
                select c.id, c.type, c.display_name as "displayName", c.given_name as "givenName",
                       c.family_name as "familyName", c.emails, c.phones, c.wechat_id as "wechatId", c.addresses,
                       c.company, c.job_title as "jobTitle", c.industry, c.birthday, c.region, c.time_zone as "timeZone",
                       c.tags, c.owner_id as "ownerId", c.team_id as "teamId", c.attributes, c.properties, c.consents,
                       coalesce(r.refs, '[]') as "externalReferences",
                       c.created_at as "createdAt", c.updated_at as "updatedAt", c.version
                from customer c
                left join (select customer_id,
                                  json_agg(json_build_object('source', source, 'externalId', external_id)) as refs
                           from customer_external_ref group by customer_id) r on r.customer_id = c.id
                where c.status = 'ACTIVE'%s""".formatted(since("c.updated_at", updatedSince));
    }

    /** Every purchase and refund of an active customer, recorded since {@code updatedSince} when given; no order. */
    String purchases(Instant updatedSince) {
        return """
                select p.id, p.customer_id as "customerId", p.source, p.erp_id as "erpId", p.type,
                       p.occurred_at as "occurredAt", p.amount, p.currency, p.quantity, p.channel, p.lines,
                       p.created_at as "recordedAt"
                from purchase p
                join customer c on c.id = p.customer_id and c.status = 'ACTIVE'
                where true%s""".formatted(since("p.created_at", updatedSince));
    }

    private static String since(String column, Instant updatedSince) {
        return updatedSince == null ? "" : " and " + column + " >= " + BulkExport.timestamp(updatedSince);
    }
}
