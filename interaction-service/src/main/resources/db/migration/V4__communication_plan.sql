-- Communication plans: how often customers of a tier (from crm.segmentation.v1, once it exists) or of an explicit
-- list are to be contacted per channel; due contacts are worked out from the timeline.
alter table customer_projection add column tier varchar(32);
create index customer_projection_tier_idx on customer_projection (tier) where tier is not null;

create table communication_plan (
    id           uuid primary key,
    name         varchar(100) not null unique,
    tier         varchar(32),
    customer_ids uuid[]       not null default '{}',
    -- [{"channel":"VISIT","every":"P3M"}, ...]: every is an ISO-8601 period
    rules        jsonb        not null,
    active       boolean      not null default true,
    version      bigint       not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null
);
create index communication_plan_customers_idx on communication_plan using gin (customer_ids);
