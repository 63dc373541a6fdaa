-- Record-level access: the customer's team next to its owner (customer_profile.owner_id), both from the
-- CustomerSnapshot of crm.customer.v1 (latest wins). Lists filter on them in SQL (Visibility.sql).
alter table customer_profile add column team_id varchar(64);
create index customer_profile_team_idx on customer_profile (team_id);
create index customer_profile_owner_idx on customer_profile (owner_id);
