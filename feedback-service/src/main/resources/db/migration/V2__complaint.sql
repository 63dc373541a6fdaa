create table complaint (
    id               uuid primary key,
    customer_id      uuid          not null,
    category         varchar(64)   not null,
    severity         varchar(16)   not null,
    channel          varchar(32),
    description      varchar(10000),
    interaction_id   uuid,
    status           varchar(16)   not null,            -- OPEN, ACKNOWLEDGED, RESOLVED, CLOSED
    assignee         varchar(200),
    resolution       varchar(10000),
    opened_at        timestamptz   not null,
    due_at           timestamptz   not null,
    acknowledged_at  timestamptz,
    resolved_at      timestamptz,
    closed_at        timestamptz,
    reopened_count   integer       not null default 0,
    -- set once per breach by the SLA check (conditional update), so several replicas escalate it once
    escalated_at     timestamptz,
    version          bigint        not null default 1
);

create index complaint_breach_idx on complaint (due_at) where escalated_at is null and status in ('OPEN', 'ACKNOWLEDGED');
create index complaint_customer_idx on complaint (customer_id, opened_at desc);
