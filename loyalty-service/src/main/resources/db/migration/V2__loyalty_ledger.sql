-- Program settings: how long points stay valid (null: crm.loyalty.points-validity-months), points for an answered
-- survey, the rolling window levels qualify over, how long a level holds before its review, and the grace after the
-- review date before a member who no longer qualifies is downgraded.
alter table loyalty_program
    add column points_validity_months integer check (points_validity_months between 1 and 240),
    add column feedback_points        integer not null default 10 check (feedback_points between 0 and 1000000),
    add column level_window_months    integer not null default 12 check (level_window_months between 1 and 120),
    add column level_review_months    integer not null default 12 check (level_review_months between 1 and 120),
    add column level_grace_days       integer not null default 30 check (level_grace_days between 0 and 3650),
    add column version                bigint  not null default 1;

-- Record-level access: each customer's owner and team from crm.customer.v1 snapshots; the highest version wins.
create table customer_ownership (
    customer_id uuid primary key,
    owner_id    varchar(64),
    team_id     varchar(64),
    version     bigint      not null default 0,
    updated_at  timestamptz not null
);
create index customer_ownership_team_idx on customer_ownership (team_id);
create index customer_ownership_owner_idx on customer_ownership (owner_id);

-- Levels, ranked; a member qualifies for the highest level whose points or spend threshold the rolling window meets.
create table loyalty_level (
    code        varchar(32) primary key,
    name        varchar(100) not null,
    rank        integer      not null unique,
    min_points  bigint       not null check (min_points >= 0),
    min_spend   numeric(19, 4) check (min_spend >= 0),
    privileges  jsonb        not null default '{}'::jsonb,
    version     bigint       not null default 1
);
insert into loyalty_level (code, name, rank, min_points, min_spend, privileges) values
    ('BASIC',   '普通', 0,     0, null, '{"pointsMultiplier": 1, "servicePriority": "STANDARD", "freeShipping": false}'),
    ('SILVER',  '银卡', 1,  1000, null, '{"pointsMultiplier": 1.2, "servicePriority": "STANDARD", "freeShipping": false}'),
    ('GOLD',    '金卡', 2,  5000, null, '{"pointsMultiplier": 1.5, "servicePriority": "HIGH", "freeShipping": true}'),
    ('DIAMOND', '钻石', 3, 20000, null, '{"pointsMultiplier": 2, "servicePriority": "VIP", "freeShipping": true}');

create sequence loyalty_member_number_seq start 100001;

-- A member: the balance is always the sum of the member's journal entries (and of its lots' remaining points);
-- debt is what a refund could not take back, settled from later accruals. The row is the lock every movement of
-- the member's points takes first.
create table loyalty_member (
    id               uuid primary key,
    customer_id      uuid         not null unique,
    program_id       uuid         not null references loyalty_program (id),
    member_number    varchar(20)  not null unique,
    status           varchar(16)  not null check (status in ('ACTIVE', 'MERGED', 'CLOSED')),
    balance          bigint       not null default 0 check (balance >= 0),
    debt             bigint       not null default 0 check (debt >= 0),
    level_code       varchar(32)  not null,
    level_since      timestamptz  not null,
    level_review_at  timestamptz  not null,
    enrolled_at      timestamptz  not null,
    closed_at        timestamptz,
    merged_into      uuid
);
create index loyalty_member_review_idx on loyalty_member (level_review_at) where status = 'ACTIVE';

-- The points journal: every movement, signed; balance_after is the member's balance after it.
create table points_entry (
    id             uuid primary key,
    seq            bigint generated always as identity unique,
    member_id      uuid         not null references loyalty_member (id),
    kind           varchar(16)  not null,
    points         bigint       not null,
    balance_after  bigint       not null,
    debt_after     bigint       not null default 0,
    reason         varchar(500),
    purchase_id    uuid,
    redemption_id  uuid,
    reference_id   uuid,
    actor_kind     varchar(16),
    actor_id       varchar(200),
    occurred_at    timestamptz  not null,
    recorded_at    timestamptz  not null
);
create index points_entry_member_idx on points_entry (member_id, seq desc);
create index points_entry_purchase_idx on points_entry (purchase_id) where purchase_id is not null;

-- Lots: each credit is a lot that expires; debits consume lots first in, first out (earliest expiry first).
create table points_lot (
    id          uuid primary key,
    member_id   uuid        not null references loyalty_member (id),
    entry_id    uuid        not null,
    points      bigint      not null check (points > 0),
    remaining   bigint      not null check (remaining >= 0 and remaining <= points),
    earned_at   timestamptz not null,
    expires_at  timestamptz not null
);
create index points_lot_member_idx on points_lot (member_id, expires_at, earned_at, id) where remaining > 0;
create index points_lot_due_idx on points_lot (expires_at) where remaining > 0;

-- Purchases that earned (or could have earned) points, once each: refunds reverse against them, levels qualify on
-- them. Moves to the survivor on a merge.
create table purchase_accrual (
    purchase_id       uuid primary key,
    member_id         uuid           not null references loyalty_member (id),
    amount            numeric(19, 4) not null,
    currency          varchar(3),
    points            bigint         not null,
    refunded_amount   numeric(19, 4) not null default 0,
    reversed_points   bigint         not null default 0,
    occurred_at       timestamptz    not null
);
create index purchase_accrual_member_idx on purchase_accrual (member_id, occurred_at desc);

-- Refunds applied, once each.
create table purchase_refund (
    refund_id    uuid primary key,
    member_id    uuid           not null,
    amount       numeric(19, 4) not null,
    points       bigint         not null,
    debt         bigint         not null,
    occurred_at  timestamptz    not null
);

-- Survey responses rewarded, once each.
create table feedback_award (
    response_id  uuid primary key,
    member_id    uuid        not null,
    points       bigint      not null,
    awarded_at   timestamptz not null
);

-- Earning rules: multipliers by category, channel and date range (campaigns), and daily caps.
create table earning_rule (
    id           uuid primary key,
    name         varchar(100)   not null,
    type         varchar(16)    not null check (type in ('MULTIPLIER', 'DAILY_CAP')),
    category     varchar(100),
    channel      varchar(50),
    multiplier   numeric(8, 4)  check (multiplier > 0),
    daily_cap    bigint         check (daily_cap >= 0),
    valid_from   timestamptz,
    valid_until  timestamptz,
    active       boolean        not null default true,
    created_at   timestamptz    not null,
    version      bigint         not null default 1
);

-- The reward catalogue; stock null = unlimited.
create table reward (
    id           uuid primary key,
    name         varchar(200)  not null,
    description  varchar(2000),
    cost_points  bigint        not null check (cost_points > 0),
    stock        integer       check (stock >= 0),
    active       boolean       not null default true,
    created_at   timestamptz   not null,
    version      bigint        not null default 1
);

-- Redemptions, idempotent by the client's redemption id.
create table redemption (
    id             uuid primary key,
    member_id      uuid        not null references loyalty_member (id),
    reward_id      uuid        not null references reward (id),
    quantity       integer     not null,
    points         bigint      not null,
    balance_after  bigint      not null,
    entry_id       uuid,
    redeemed_at    timestamptz not null
);
create index redemption_member_idx on redemption (member_id, redeemed_at desc);

-- Coupons: single-use unguessable codes with a validity window.
create table coupon (
    id           uuid primary key,
    code         varchar(32)  not null unique,
    customer_id  uuid         not null,
    campaign     varchar(100) not null,
    status       varchar(16)  not null check (status in ('ISSUED', 'REDEEMED', 'REVOKED')),
    valid_from   timestamptz  not null,
    valid_until  timestamptz  not null,
    issued_at    timestamptz  not null,
    redeemed_at  timestamptz,
    revoked_at   timestamptz
);
create index coupon_customer_idx on coupon (customer_id, issued_at desc, id desc);
