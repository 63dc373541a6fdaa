-- Subscriptions of integrators: where to POST which event types, and the secret that signs each delivery.
create table webhook_subscription (
    id                uuid primary key,
    target_url        varchar(2000) not null,
    event_types       text[]        not null,
    -- AES-GCM (12-byte IV || ciphertext+tag) of the signing secret; the plain secret is never stored
    secret_ciphertext bytea         not null,
    description       varchar(500),
    active            boolean       not null default true,
    created_by        varchar(200),
    created_at        timestamptz   not null,
    updated_at        timestamptz   not null,
    version           bigint        not null default 1
);

create index webhook_subscription_page_idx on webhook_subscription (created_at, id);

-- One event to one subscription. seq orders a customer's deliveries (Kafka delivers a customer's events in order).
create table webhook_delivery (
    id              uuid primary key,
    seq             bigint generated always as identity,
    subscription_id uuid          not null references webhook_subscription (id) on delete cascade,
    event_id        varchar(200)  not null,
    event_type      varchar(200)  not null,
    customer_key    varchar(200)  not null,
    -- the CloudEvent exactly as it is signed and sent; null once purged (customer erased)
    payload         text,
    status          varchar(16)   not null check (status in ('PENDING', 'DELIVERED', 'DEAD', 'PURGED')),
    attempts        int           not null default 0,
    created_at      timestamptz   not null,
    -- start of the retry horizon: creation, or the last replay from the dead letters
    retry_from      timestamptz   not null,
    next_attempt_at timestamptz,
    last_attempt_at timestamptz,
    last_status_code int,
    last_error      varchar(1000),
    delivered_at    timestamptz,
    dead_at         timestamptz,
    unique (subscription_id, event_id)
);

create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where status = 'PENDING';
create index webhook_delivery_order_idx on webhook_delivery (subscription_id, customer_key, seq)
    where status = 'PENDING';
create index webhook_delivery_log_idx on webhook_delivery (subscription_id, created_at, id);
create index webhook_delivery_dead_idx on webhook_delivery (dead_at, id) where status = 'DEAD';
create index webhook_delivery_customer_idx on webhook_delivery (customer_key);

-- The delivery log: every attempt with its HTTP status (or error) and latency.
create table webhook_attempt (
    delivery_id  uuid         not null references webhook_delivery (id) on delete cascade,
    attempt      int          not null,
    attempted_at timestamptz  not null,
    status_code  int,
    error        varchar(1000),
    latency_ms   bigint       not null,
    primary key (delivery_id, attempt)
);
