-- Win-back (issue #19). An agent's mark that a customer was lost to a competitor: one current mark per customer
-- (a new competitor replaces the old one; DELETE removes it, the audit log keeps the history). A purchase after
-- marked_at is a return: the mark stays, as evidence for the return rates, but no longer makes a candidate.
create table winback_competitor_mark (
    customer_id uuid         primary key,
    competitor  varchar(100) not null,
    note        varchar(500),
    marked_by   varchar(64)  not null,
    marked_at   timestamptz  not null,
    updated_at  timestamptz  not null
);
create index winback_competitor_mark_at_idx on winback_competitor_mark (marked_at);

-- Lapse episodes start where a customer moves into DECLINING or CHURNED from any other stage; the return rates
-- scan only those rows, by time.
create index stage_transition_lapse_idx on stage_transition (at)
    where to_stage in ('DECLINING', 'CHURNED') and (from_stage is null or from_stage not in ('DECLINING', 'CHURNED'));

-- The candidate list starts from the lapsed customers, a small share of all.
create index customer_value_lapsed_idx on customer_value (customer_id) where stage in ('DECLINING', 'CHURNED');
