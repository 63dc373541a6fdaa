-- Idempotent consumers: the ids of the events a consumer has applied, written in the transaction of the effect.
create table crm_processed_event (
    consumer     varchar(200) not null,
    event_id     varchar(200) not null,
    event_type   varchar(200) not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);

create index crm_processed_event_age_idx on crm_processed_event (processed_at);
