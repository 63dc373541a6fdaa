-- Customers' decisions on processing purposes and their subscription choices, from crm.customer.v1 (newest
-- changed_at wins). The contact rules refuse a MARKETING or SALES contact when MARKETING is not GRANTED for the
-- channel (the channel's record, else the ALL one), a SERVICE contact when SERVICE is not, and a contact of a
-- subscription type the customer left.
create table customer_purpose (
    customer_id  uuid         not null,
    purpose      varchar(32)  not null,
    channel      varchar(16)  not null,
    status       varchar(16)  not null,
    changed_at   timestamptz  not null,
    primary key (customer_id, purpose, channel)
);

create table customer_subscription (
    customer_id        uuid         not null,
    subscription_type  varchar(64)  not null,
    status             varchar(16)  not null,
    changed_at         timestamptz  not null,
    primary key (customer_id, subscription_type)
);
