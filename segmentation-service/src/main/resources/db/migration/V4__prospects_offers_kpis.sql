-- Profile fields the prospect ability rules may test (besides type, industry, region, owner, tags).
alter table customer_profile add column company varchar(300), add column job_title varchar(200);

-- The interaction type (INQUIRY, ...) for the prospects' need score.
alter table interaction_signal add column type varchar(32);

-- Survey answers: NPS category and the headline score (NPS and CSAT answers; the KPI NPS and "interested" answers).
alter table feedback_signal add column nps_category varchar(16), add column score int;

-- Purchase lines with a product code (SKU): what next best offer learns from. Refund lines are not kept.
create table purchase_line (
    purchase_id uuid         not null,
    line_no     int          not null,
    customer_id uuid         not null,
    day         date         not null,
    sku         varchar(128) not null,
    primary key (purchase_id, line_no)
);
create index purchase_line_customer_idx on purchase_line (customer_id, day);

-- Prospects (active customers without a purchase) with their quadrant; a first purchase converts them (kept for the
-- conversion report with the priority they had then).
create table prospect (
    customer_id        uuid primary key,
    priority           smallint         not null,
    need_score         double precision not null,
    ability_score      double precision not null,
    reasons            jsonb            not null,
    owner_id           varchar(64),
    source             varchar(64)      not null,
    since              timestamptz      not null,
    updated_at         timestamptz      not null,
    converted_at       timestamptz
);
create index prospect_open_idx on prospect (priority, customer_id) where converted_at is null;

-- Association rules of the last full run (replaced by each run).
create table offer_rule (
    kind        varchar(8)       not null,   -- BASKET (one customer-day), HISTORY (a customer's purchases)
    antecedent  varchar(128)     not null,
    consequent  varchar(128)     not null,
    pair_count  int              not null,
    support     double precision not null,
    confidence  double precision not null,
    lift        double precision not null,
    run_id      uuid,
    primary key (kind, antecedent, consequent)
);
create index offer_rule_antecedent_idx on offer_rule (antecedent);

-- Offers a customer declined (recorded through the API): left out for a configurable window.
create table offer_decline (
    id           uuid primary key,
    customer_id  uuid         not null,
    product_code varchar(128) not null,
    reason       varchar(500),
    declined_at  timestamptz  not null
);
create index offer_decline_customer_idx on offer_decline (customer_id, declined_at);

-- Products named in complaints (crm.complaint.opened productCode); open until crm.complaint.resolved.
create table complaint_product (
    complaint_id uuid primary key,
    customer_id  uuid         not null,
    product_code varchar(128) not null,
    open         boolean      not null
);
create index complaint_product_customer_idx on complaint_product (customer_id) where open;

-- Daily facts counted by KPIs that have no other projection here: complaints opened, SLA breaches, contacts refused.
create table kpi_fact (
    kpi         varchar(32) not null,
    source_id   uuid        not null,     -- complaint id, breach id, refusal id: a replay never counts twice
    customer_id uuid,
    day         date        not null,
    primary key (kpi, source_id)
);
create index kpi_fact_day_idx on kpi_fact (kpi, day);

-- Every lifecycle stage change (the KPI "churned" counts moves to CHURNED per day).
create table stage_transition (
    customer_id uuid        not null,
    from_stage  varchar(16),
    to_stage    varchar(16) not null,
    at          timestamptz not null,
    day         date        not null
);
create index stage_transition_day_idx on stage_transition (to_stage, day);
create index stage_transition_customer_idx on stage_transition (customer_id);

-- Daily KPI series with the band of each day (null until enough history).
create table kpi_value (
    kpi         varchar(32)      not null,
    day         date             not null,
    value       double precision not null,
    median      double precision,
    low         double precision,
    high        double precision,
    computed_at timestamptz      not null,
    primary key (kpi, day)
);

-- Anomalies: one row per (kpi, day), so a recompute or a replay never emits twice.
create table kpi_anomaly (
    kpi         varchar(32)      not null,
    day         date             not null,
    value       double precision not null,
    median      double precision not null,
    low         double precision not null,
    high        double precision not null,
    direction   varchar(8)       not null,
    detected_at timestamptz      not null,
    primary key (kpi, day)
);
