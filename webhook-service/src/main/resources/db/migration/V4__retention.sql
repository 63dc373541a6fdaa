-- Retention purges in bounded batches: delivered deliveries by age (dead letters use webhook_delivery_dead_idx,
-- paused subscriptions' deliveries webhook_delivery_log_idx).
create index webhook_delivery_delivered_idx on webhook_delivery (delivered_at) where status = 'DELIVERED';
