-- Transactional outbox: an event row is written in the transaction of the change it describes,
-- then relayed to Kafka until the broker acknowledges it.
create table crm_outbox (
    seq          bigserial primary key,
    event_id     uuid          not null unique,
    topic        varchar(200)  not null,
    message_key  varchar(200)  not null,
    event_type   varchar(200)  not null,
    payload      bytea         not null,
    created_at   timestamptz   not null default now(),
    published_at timestamptz,
    attempts     integer       not null default 0,
    last_error   varchar(1000)
);

create index crm_outbox_pending_idx on crm_outbox (seq) where published_at is null;
create index crm_outbox_published_idx on crm_outbox (published_at) where published_at is not null;
