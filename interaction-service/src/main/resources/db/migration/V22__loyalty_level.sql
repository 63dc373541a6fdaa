-- Communication plans may target a loyalty level (crm.loyalty.v1), as they target a value tier.
alter table customer_projection add column loyalty_level varchar(64);
alter table customer_projection add column loyalty_level_at timestamptz;
alter table communication_plan add column loyalty_level varchar(64);
create index customer_projection_loyalty_level_idx on customer_projection (loyalty_level) where loyalty_level is not null;
