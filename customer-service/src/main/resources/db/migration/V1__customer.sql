create extension if not exists pg_trgm;

create table customer (
    id            uuid primary key,
    type          varchar(16)  not null,
    display_name  varchar(200) not null,
    given_name    varchar(100),
    family_name   varchar(100),
    emails        jsonb        not null default '[]',
    phones        jsonb        not null default '[]',
    -- normalised lookup keys of the contact points above: lower-cased emails, E.164 phones
    email_keys    text[]       not null default '{}',
    phone_keys    text[]       not null default '{}',
    wechat_id     varchar(64),
    addresses     jsonb        not null default '[]',
    company       varchar(200),
    job_title     varchar(100),
    industry      varchar(100),
    birthday      date,
    region        varchar(100),
    tags          text[]       not null default '{}',
    owner_id      varchar(64),
    attributes    jsonb        not null default '{}',
    consents      jsonb        not null default '{}',
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null,
    deleted_at    timestamptz,
    version       bigint       not null
);

-- one index per filter the list API offers; live customers only, as the API never lists deleted ones
create index customer_page_idx on customer (created_at, id) where deleted_at is null;
create index customer_name_trgm_idx on customer using gin (display_name gin_trgm_ops) where deleted_at is null;
create index customer_email_keys_idx on customer using gin (email_keys) where deleted_at is null;
create index customer_phone_keys_idx on customer using gin (phone_keys) where deleted_at is null;
create index customer_tags_idx on customer using gin (tags) where deleted_at is null;
create index customer_type_idx on customer (type, created_at, id) where deleted_at is null;
create index customer_owner_idx on customer (owner_id, created_at, id) where deleted_at is null;
create index customer_updated_idx on customer (updated_at) where deleted_at is null;
