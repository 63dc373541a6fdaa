-- Risk marks are appended, never upserted (issue #21). With one row per customer, a writer marking a customer the
-- sweep had just taken (deleted, not yet committed) waited on the unique key until the sweep's transaction ended: an
-- import chunk's purchases stalled behind every sweep batch that scored one of their customers. A customer may now
-- hold several marks; the sweep takes all of those it can see and scores the customer once.
alter table risk_dirty drop constraint risk_dirty_pkey;
create index risk_dirty_customer_idx on risk_dirty (customer_id);
