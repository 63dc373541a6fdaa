-- A subscription belongs to the client that created it (created_by): lists, counts and quotas are per owner.
create index webhook_subscription_owner_idx on webhook_subscription (created_by, created_at, id);
