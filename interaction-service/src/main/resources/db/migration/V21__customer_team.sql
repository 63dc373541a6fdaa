-- Record-level access: each customer's team from crm.customer.v1 (CustomerSnapshot teamId), next to the owner the
-- projection already keeps; the snapshot with the highest version wins. Lists filter on them in SQL (Visibility.sql).
-- Erasure clears the owner and keeps the team (the organisation's, as in customer-service).
alter table customer_projection add column team_id varchar(64);
create index customer_projection_team_idx on customer_projection (team_id);
create index customer_projection_owner_idx on customer_projection (owner_id);
