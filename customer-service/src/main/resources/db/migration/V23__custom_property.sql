-- Custom properties (issue #18): typed fields an admin defines for customers, like HubSpot's or Twenty's.
-- The definitions; a customer's values live in customer.properties (jsonb, by the definition's name).
create table customer_property (
    name          text primary key,            -- API name, ^[a-z][a-z0-9_]{0,62}$
    label         text not null,
    description   text,
    group_name    text,
    type          text not null,               -- STRING, NUMBER, DECIMAL, DATE, DATETIME, BOOLEAN, ENUM, MULTI_ENUM
    options       jsonb not null default '[]', -- ENUM and MULTI_ENUM: [{"value":...,"label":...}]
    required      boolean not null default false,
    unique_values boolean not null default false,
    pattern       text,                        -- STRING: the value must match it as a whole
    min_value     text,                        -- NUMBER/DECIMAL value, STRING length, DATE/DATETIME bound
    max_value     text,
    personal_data boolean not null default false, -- never published in events
    archived      boolean not null default false,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    version       bigint not null
);

alter table customer add column properties jsonb not null default '{}';

-- filters by a value (@>) and by presence (?) of any custom property
create index customer_properties_gin_idx on customer using gin (properties) where deleted_at is null;

-- the values of unique properties, one row per active customer holding one: the primary key makes a second
-- holder wait for the first transaction and then fail, so two concurrent writes of the same value cannot both win
create table customer_property_unique (
    property    text not null references customer_property (name) on delete cascade,
    value       text not null,
    customer_id uuid not null references customer (id),
    primary key (property, value)
);
create index customer_property_unique_customer_idx on customer_property_unique (customer_id);

-- whether PostgreSQL can compile a definition's pattern: existing values are checked against it in SQL
create function customer_property_regex_valid(pattern text) returns boolean language plpgsql immutable as $$
begin
    perform '' ~ pattern;
    return true;
exception when others then
    return false;
end;
$$;
