-- Where a customer is in its life: ACTIVE, DELETED (soft), MERGED (into merged_into) or ERASED (GDPR).
-- Every status but ACTIVE also sets deleted_at, so the live-only indexes and lists leave them out.
alter table customer add column status varchar(16) not null default 'ACTIVE';
alter table customer add column merged_into uuid references customer (id);
update customer set status = 'DELETED' where deleted_at is not null;
create index customer_merged_into_idx on customer (merged_into) where merged_into is not null;
