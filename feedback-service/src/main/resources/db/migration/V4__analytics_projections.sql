-- Tier and lifecycle stage per customer, from crm.segmentation.v1 (for breakdowns); the newest change wins.
create table customer_segment (
    customer_id      uuid primary key,
    tier             varchar(32),
    tier_changed_at  timestamptz,
    stage            varchar(32),
    stage_changed_at timestamptz
);

-- Purchases from crm.purchase.v1, only what retention and repeat-purchase rates need.
create table purchase_fact (
    purchase_id uuid primary key,
    customer_id uuid        not null,
    occurred_at timestamptz not null
);

create index purchase_fact_time_idx on purchase_fact (occurred_at, customer_id);
