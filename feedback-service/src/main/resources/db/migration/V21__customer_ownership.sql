-- Record-level access: each customer's owner and team from crm.customer.v1 (CustomerSnapshot ownerId / teamId);
-- the snapshot with the highest version wins. Lists filter on them in SQL (Visibility.sql).
create table customer_ownership (
    customer_id uuid primary key,
    owner_id    varchar(64),
    team_id     varchar(64),
    version     bigint      not null default 0,
    updated_at  timestamptz not null
);
create index customer_ownership_team_idx on customer_ownership (team_id);
create index customer_ownership_owner_idx on customer_ownership (owner_id);
