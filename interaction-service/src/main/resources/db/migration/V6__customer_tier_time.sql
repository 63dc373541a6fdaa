-- The value tier comes from crm.segmentation.v1 (crm.value.tier-changed, crm.value.scored): when it was decided, so
-- the newest event wins whatever order events arrive in.
alter table customer_projection add column tier_changed_at timestamptz;
