-- Record-level access: a customer belongs to a team (and, through owner_id, to a user of it). Lists filter on them:
-- a manager's by team, an agent's by owner (customer_owner_idx), both in creation order like every page.
alter table customer add column team_id varchar(64);

create index customer_team_idx on customer (team_id, created_at, id) where deleted_at is null;
