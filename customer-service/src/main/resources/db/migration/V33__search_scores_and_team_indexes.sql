-- Customer search at 1,000,000 customers (issue #18, bench/README.md "Search"). Both built CONCURRENTLY, so this
-- migration runs outside a transaction (Flyway's lock is a session lock for it, application.yml): each table has a
-- row per customer, millions of them, and a plain build would block its writers for as long as it reads them all.
-- Should a build fail, it leaves an invalid index behind: drop it and migrate again.

-- Counting "high churn risk among tiers S and A" up to 10,001 reads this index alone (an index-only scan: liveness,
-- tier, stage, owner and team are in it, V32) instead of fetching each score and probing the customer table for each
-- candidate: 12 ms against 845 ms at 1,000,000, on a loaded machine. Live customers only: a search on the scores
-- always asks for them. churn_risk itself is included because PostgreSQL answers from an index alone only when it
-- holds the columns an expression is computed from.
create index concurrently projected_value_live_churn_idx on projected_value (
    (case when churn_risk ~ '^-?[0-9]+([.][0-9]+)?$' then cast(churn_risk as numeric) end), customer_id)
    include (churn_risk, tier, lifecycle_stage, owner_id, team_id) where customer_live;

-- A tag within a manager's team or an agent's own customers: the tags' GIN index alone finds every customer with the
-- tag, each then fetched to check its team (20,000 fetches for a tag of 2 %, none of them the team's, 1.1 s at
-- 1,000,000); with the team and owner in the same GIN index (btree_gin, V32) both are answered together.
create index concurrently customer_visible_tags_idx on customer using gin (team_id, owner_id, tags)
    where deleted_at is null;
