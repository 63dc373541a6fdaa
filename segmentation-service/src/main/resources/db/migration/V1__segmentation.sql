-- What segmentation-service knows of each customer from crm.customer.v1 (profile fields segments may test).
create table customer_profile (
    customer_id uuid primary key,
    status      varchar(16) not null,           -- ACTIVE, DELETED, MERGED, ERASED
    type        varchar(16),
    region      varchar(64),
    industry    varchar(128),
    owner_id    varchar(64),
    tags        text[]      not null default '{}',
    created_at  timestamptz,
    updated_at  timestamptz not null
);

-- Purchases and refunds from crm.purchase.v1 (amount signed: refunds negative). The ledger the metrics derive from.
create table purchase (
    purchase_id uuid        not null,
    kind        varchar(8)  not null,           -- PURCHASE, REFUND
    customer_id uuid        not null,
    occurred_at timestamptz not null,
    day         date        not null,           -- UTC day: models count purchases per distinct day
    amount      numeric(19, 4) not null,
    anonymous   boolean     not null default false, -- re-keyed to a random id on erasure: counts in fits only
    primary key (purchase_id, kind)
);
create index purchase_customer_idx on purchase (customer_id, day);

-- Interaction signals from crm.interaction.v1 (no free text).
create table interaction_signal (
    interaction_id  uuid primary key,
    customer_id     uuid        not null,
    occurred_at     timestamptz not null,
    purchase_intent boolean     not null,
    complaint       boolean     not null
);
create index interaction_signal_customer_idx on interaction_signal (customer_id, occurred_at);

-- Per-customer metrics, kept current by the consumers (purchase days, spend, tenure, recent signals).
create table customer_metrics (
    customer_id           uuid primary key,
    first_purchase_at     date,
    last_purchase_at      date,
    purchase_days         int            not null default 0,
    repeat_purchase_days  int            not null default 0,
    total_spend           numeric(19, 4) not null default 0,
    mean_spend            numeric(19, 4),
    repeat_mean_spend     numeric(19, 4),
    recent_interactions   int            not null default 0,
    recent_purchase_intents int          not null default 0,
    recent_complaints     int            not null default 0,
    updated_at            timestamptz    not null
);

-- Every model fit, with what it was fitted on.
create table value_fit (
    id              uuid primary key,
    model           varchar(16)  not null,        -- BG_NBD, GAMMA_GAMMA
    parameters      jsonb        not null,
    log_likelihood  double precision not null,
    customers       int          not null,
    calibration_end date         not null,
    period_days     int          not null,
    duration_ms     bigint       not null,
    converged       boolean      not null,
    run_id          uuid,
    fitted_at       timestamptz  not null
);
create index value_fit_recent_idx on value_fit (fitted_at desc, id desc);

-- Scores of the last full run (and incremental updates since).
create table customer_value (
    customer_id         uuid primary key,
    recency_score       smallint,
    frequency_score     smallint,
    monetary_score      smallint,
    rfm_segment         varchar(32),
    p_alive             double precision,
    expected_purchases  double precision,
    expected_spend      double precision,
    clv                 double precision,
    clv_percentile      double precision,
    tier                varchar(1),
    quadrant            varchar(24),
    churn_risk          double precision,
    stage               varchar(16) not null,
    stage_reason        varchar(200),
    updated_at          timestamptz not null
);

-- Full recompute runs; at most one RUNNING row across replicas (unique partial index).
create table segmentation_run (
    id              uuid primary key,
    status          varchar(16) not null,          -- RUNNING, SUCCEEDED, FAILED
    trigger         varchar(16) not null,          -- API, SCHEDULE
    calibration_end date        not null,
    phase           varchar(32),
    progress        double precision not null default 0,
    customers       int,
    stage_changes   int,
    tier_changes    int,
    tier_s_min      double precision,               -- CLV thresholds of the tiers found by this run
    tier_a_min      double precision,
    tier_b_min      double precision,
    error           text,
    started_at      timestamptz not null,
    finished_at     timestamptz,
    duration_ms     bigint
);
create unique index segmentation_run_one_running on segmentation_run ((true)) where status = 'RUNNING';
create index segmentation_run_recent_idx on segmentation_run (started_at desc, id desc);
