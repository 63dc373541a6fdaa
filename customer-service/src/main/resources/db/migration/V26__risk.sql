-- Fraud and risk (issue #19): explained risk scores, the review queue, and the customers whose score must be
-- recomputed.

-- The normalised keys of a customer's postal addresses (lines, postal code, city, country, lower-cased, without
-- white space): two profiles at the same door share a key however the address was typed. Addresses without lines
-- give no key (a city alone identifies nobody). Immutable: it only reads its argument, so an index can use it.
create function risk_address_keys(addresses jsonb) returns text[] language sql immutable parallel safe as $$
    select coalesce(array_agg(distinct k), '{}')
    from (
        select lower(regexp_replace(
                   concat_ws('|',
                       (select string_agg(l, ' ') from jsonb_array_elements_text(a -> 'lines') l),
                       a ->> 'postalCode', a ->> 'city', a ->> 'country'),
                   '\s+', '', 'g')) as k
        from jsonb_array_elements(case when jsonb_typeof(addresses) = 'array' then addresses else '[]' end) a
        where jsonb_typeof(a -> 'lines') = 'array' and jsonb_array_length(a -> 'lines') > 0
    ) keys
$$;

-- profiles sharing an address are found through this index, as those sharing a phone or an e-mail are through
-- customer_phone_keys_idx and customer_email_keys_idx
create index customer_address_keys_idx on customer using gin (risk_address_keys(addresses)) where deleted_at is null;

-- Customers whose score is stale: a purchase, a refund or a change of their profile (or of a profile sharing an
-- identifier with theirs) marks them; the sweep takes them off in batches (SKIP LOCKED, so replicas share it).
create table risk_dirty (
    customer_id uuid        primary key,
    marked_at   timestamptz not null
);
create index risk_dirty_marked_idx on risk_dirty (marked_at);

-- The latest score of each scored customer, with its signals (kind, strength, weight, contribution, reason) and the
-- evidence it rests on ({key: level}, see RiskEvidence).
create table risk_score (
    customer_id uuid          primary key references customer (id),
    score       numeric(7, 6) not null check (score between 0 and 1),
    signals     jsonb         not null,
    evidence    jsonb         not null,
    fingerprint varchar(64)   not null,
    computed_at timestamptz   not null
);
create index risk_score_score_idx on risk_score (score desc, customer_id);

-- Reviews: a customer whose score reaches the threshold gets an OPEN review (at most one at a time); a person confirms
-- or clears it. A cleared review keeps the evidence it cleared, so the same evidence does not reopen it.
create table risk_review (
    id           uuid          primary key,
    customer_id  uuid          not null references customer (id),
    status       varchar(16)   not null check (status in ('OPEN', 'CONFIRMED', 'CLEARED')),
    score        numeric(7, 6) not null check (score between 0 and 1),
    signals      jsonb         not null,
    evidence     jsonb         not null,
    fingerprint  varchar(64)   not null,
    opened_at    timestamptz   not null,
    updated_at   timestamptz   not null,
    decided_at   timestamptz,
    decided_by   varchar(200),
    decided_kind varchar(16),
    note         varchar(2000)
);
create unique index risk_review_one_open_idx on risk_review (customer_id) where status = 'OPEN';
create index risk_review_customer_idx on risk_review (customer_id, opened_at desc);
-- the queue: by score, highest first, per status
create index risk_review_queue_idx on risk_review (status, score desc, id desc);

-- Full runs: each marks every live customer dirty; the sweep does the work.
create table risk_run (
    id           uuid        primary key,
    requested_at timestamptz not null,
    requested_by varchar(200),
    queued       bigint      not null
);
