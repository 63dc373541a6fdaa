-- The preferred channel last published per customer, so a change (and only a change) is announced.
create table channel_preference (
    customer_id       uuid primary key,
    preferred_channel varchar(32),
    ranking           jsonb        not null default '[]',
    computed_at       timestamptz  not null
);
