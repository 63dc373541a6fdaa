-- The overview's loyalty section: each member's points balance and level from crm.loyalty.v1. Ordered by the events'
-- recording time (the envelope's), not by the purchase time they refer to: a back-dated purchase credited today
-- carries today's balance.
create table projected_loyalty (
    customer_id  uuid primary key,
    balance      bigint,
    balance_at   timestamptz,
    level_code   varchar(64),
    level_since  timestamptz,
    level_at     timestamptz
);

create trigger projected_loyalty_behind after insert or update or delete on projected_loyalty
    for each row execute function projected_overview_behind();

alter table projected_overview add column loyalty_json text;
