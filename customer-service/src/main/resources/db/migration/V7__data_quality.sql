-- Per-customer data quality, assessed on every change: score 0-100 with its reasons.
create table customer_quality (
    customer_id   uuid        primary key references customer (id),
    score         smallint    not null,
    completeness  smallint    not null,
    validity      smallint    not null,
    issues        jsonb       not null,
    issue_codes   text[]      not null,
    assessed_at   timestamptz not null
);

create index customer_quality_score_idx on customer_quality (score, customer_id);
create index customer_quality_issue_idx on customer_quality using gin (issue_codes);

-- One row a day, for the trend of the data quality report.
create table data_quality_daily (
    day            date          primary key,
    customers      integer       not null,
    average_score  numeric(5, 2),
    with_issues    integer       not null,
    by_issue       jsonb         not null,
    computed_at    timestamptz   not null
);
