-- Segments that change: a versioned definition, archive instead of delete, static lists, daily sizes.
alter table segment
    add column kind        varchar(8)  not null default 'DYNAMIC',   -- DYNAMIC (condition), STATIC (listed ids)
    add column version     int         not null default 1,
    add column created_by  varchar(64),
    add column updated_at  timestamptz,
    add column updated_by  varchar(64),
    add column archived_at timestamptz,
    add column archived_by varchar(64),
    -- whether the condition counts behaviour in a window of days: such segments change as time passes
    add column time_window boolean     not null default false;
alter table segment alter column condition drop not null;
update segment set updated_at = created_at;
alter table segment alter column updated_at set not null;

-- an archived segment gives up its name: a new one may take it
alter table segment drop constraint segment_name_key;
create unique index segment_name_active_idx on segment (name) where archived_at is null;

-- Every definition a segment has had (the current one included), with who made it and when.
create table segment_version (
    segment_id  uuid         not null references segment (id) on delete cascade,
    version     int          not null,
    name        varchar(200) not null,
    description varchar(2000),
    condition   jsonb,
    defined_at  timestamptz  not null,
    defined_by  varchar(64),
    primary key (segment_id, version)
);
insert into segment_version (segment_id, version, name, description, condition, defined_at)
select id, 1, name, description, condition, created_at from segment;

-- "Which segments is this customer in": members by customer.
create index segment_member_customer_idx on segment_member (customer_id);

-- Member count of each segment per UTC day (the latest count of the day wins).
create table segment_size (
    segment_id  uuid        not null references segment (id) on delete cascade,
    day         date        not null,
    members     bigint      not null,
    recorded_at timestamptz not null,
    primary key (segment_id, day)
);

-- The channel of an interaction (EMAIL, PHONE, ...): conditions may count interactions by channel.
alter table interaction_signal add column channel varchar(32);

-- Conditions count purchases in the last days (occurred_at, not the UTC day) per customer.
create index purchase_customer_time_idx on purchase (customer_id, occurred_at) where kind = 'PURCHASE';
