-- Customers whose duplicate candidates must be re-detected: written with each change, worked off in the
-- background, so the write path stays fast however many lookalikes a name has.
create table duplicate_check (
    customer_id  uuid        primary key,
    queued_at    timestamptz not null
);

create index duplicate_check_queued_idx on duplicate_check (queued_at);
