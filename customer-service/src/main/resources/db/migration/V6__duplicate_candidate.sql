-- Pairs of customers that look like the same person or organisation, with the score and the reasons.
-- customer_a < customer_b, so a pair is stored once.
create table duplicate_candidate (
    id           uuid          primary key,
    customer_a   uuid          not null references customer (id),
    customer_b   uuid          not null references customer (id),
    score        numeric(4, 3) not null,
    reasons      jsonb         not null,
    status       varchar(16)   not null default 'OPEN',
    detected_at  timestamptz   not null,
    decided_at   timestamptz,
    decided_by   varchar(200),
    unique (customer_a, customer_b),
    check (customer_a < customer_b)
);

create index duplicate_candidate_open_idx on duplicate_candidate (detected_at, id) where status = 'OPEN';
create index duplicate_candidate_b_idx on duplicate_candidate (customer_b);
