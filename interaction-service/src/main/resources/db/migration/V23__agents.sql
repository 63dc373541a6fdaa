-- Agents (issue #19): who serves customers, with skills (and levels), seniority, capacity per channel and working
-- hours in their own time zone; tied to the person's user id (the sub of their token).
create table agent (
    id            uuid primary key,
    user_id       varchar(64)  not null unique,
    display_name  varchar(100) not null,
    team          varchar(64),
    -- [{"skill":"lang:zh","level":4}, ...], skill names in lower case
    skills        jsonb        not null default '[]',
    seniority     varchar(16)  not null,
    -- {"PHONE":5,"EMAIL":20}: max open assignments per channel
    capacity      jsonb        not null default '{}',
    -- {"timeZone":"Asia/Shanghai","slots":[{"day":"MONDAY","start":"09:00","end":"17:30"}]}
    working_hours jsonb,
    available     boolean      not null default true,
    version       bigint       not null,
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null
);

-- A customer handed to an agent; the id is the client's (idempotent creation).
create table agent_assignment (
    id           uuid primary key,
    agent_id     uuid         not null references agent (id),
    customer_id  uuid         not null,
    channel      varchar(32)  not null,
    topic        varchar(100),
    due_at       timestamptz,
    status       varchar(16)  not null,
    outcome      varchar(32),
    created_by   varchar(200),
    created_at   timestamptz  not null,
    completed_at timestamptz
);
create index agent_assignment_agent_idx on agent_assignment (agent_id, status, created_at);
create index agent_assignment_open_idx on agent_assignment (coalesce(due_at, created_at)) where status = 'OPEN';
create index agent_assignment_customer_idx on agent_assignment (customer_id);

-- Open assignments per agent and channel: taking one is a conditional increment (open_count < capacity), so
-- concurrent assignments never exceed the capacity.
create table agent_channel_load (
    agent_id   uuid        not null references agent (id) on delete cascade,
    channel    varchar(32) not null,
    open_count integer     not null default 0 check (open_count >= 0),
    primary key (agent_id, channel)
);

-- What each agent's contacts came to, per tier of the customers (the tier now; '-' without one): recomputed
-- set-based on a schedule, read by matching (never computed per request over the whole history).
create table agent_outcome (
    agent_user_id    varchar(64) not null,
    tier             varchar(32) not null,
    service_contacts integer     not null,
    resolved         integer     not null,
    contacts         integer     not null,
    purchases        integer     not null,
    computed_at      timestamptz not null,
    primary key (agent_user_id, tier)
);
create index agent_outcome_tier_idx on agent_outcome (tier);
-- the recompute groups interactions by agent
create index interaction_agent_idx on interaction (agent_id, occurred_at) where agent_id is not null;
