-- A subscription whose receiver is another company (PIPL Art. 23): it gets a customer's events only while that
-- customer's separate consent to sharing (THIRD_PARTY_SHARING on channel ALL) is GRANTED.
alter table webhook_subscription add column third_party boolean not null default false;

-- The newest THIRD_PARTY_SHARING/ALL decision per customer, from crm.customer.consent-purpose-changed; no row means
-- no grant. Deleted when the customer is erased or merged into another.
create table customer_sharing (
    customer_id uuid        primary key,
    status      varchar(16) not null,
    changed_at  timestamptz not null
);
