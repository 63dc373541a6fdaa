-- Answers to POSTs that carried an Idempotency-Key, replayed to retries of the same request.
create table crm_idempotency (
    client_id     varchar(200)  not null,
    key           varchar(200)  not null,
    request_hash  varchar(64)   not null,
    status        integer,                 -- null while the first request is still being processed
    content_type  varchar(200),
    location      varchar(1000),
    etag          varchar(200),
    body          bytea,
    created_at    timestamptz   not null default now(),
    primary key (client_id, key)
);

create index crm_idempotency_created_idx on crm_idempotency (created_at);
