-- The GIN indexes probed one identifier at a time (risk's shared phones, e-mails, addresses and devices; the peers a
-- save marks for rescoring; duplicate detection) write new entries straight into the index instead of a pending list
-- (issue #21). With the default fastupdate, an import's new profiles sat in each index's pending list (up to
-- gin_pending_list_limit, 4 MB) until a vacuum, and every probe read the whole list: 1.5 ms per probe at 10,000
-- pending profiles against 0.007 ms once merged, which made scoring an imported customer cost about a millisecond of
-- database time. These indexes hold a few short keys per profile, so inserting into them directly costs about what
-- the pending list plus its later merge does (measured on PostgreSQL 15, bench/README.md). The trigram indexes keep
-- their pending list: a name adds dozens of keys, and writing them directly costs five times as much.
alter index customer_email_keys_idx set (fastupdate = off);
alter index customer_phone_keys_idx set (fastupdate = off);
alter index customer_address_keys_idx set (fastupdate = off);
alter index customer_properties_gin_idx set (fastupdate = off);
-- what is pending now is merged once here
select gin_clean_pending_list('customer_email_keys_idx'::regclass);
select gin_clean_pending_list('customer_phone_keys_idx'::regclass);
select gin_clean_pending_list('customer_address_keys_idx'::regclass);
select gin_clean_pending_list('customer_properties_gin_idx'::regclass);
