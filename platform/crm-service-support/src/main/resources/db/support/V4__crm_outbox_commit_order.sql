-- The writing transaction's id: the change feed only serves events of transactions older than every one still
-- running, so a transaction that commits late is never skipped.
alter table crm_outbox add column xid xid8 not null default pg_current_xact_id();
create index crm_outbox_feed_idx on crm_outbox (topic, xid, seq);
