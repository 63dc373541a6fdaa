-- What interaction-service knows of each customer, from crm.customer.v1 (consents, time zone, status).
create table customer_projection (
    customer_id uuid primary key,
    status      varchar(16)  not null,
    consents    jsonb        not null default '{}',
    time_zone   varchar(64),
    owner_id    varchar(64),
    tags        text[]       not null default '{}',
    version     bigint       not null,
    updated_at  timestamptz  not null
);
