-- Customer search at 1,000,000 customers (issue #18, bench/README.md "Search"): whether a customer is live, and its
-- owner and team, kept on its value scores too, so that a search by the scores (the total of "high churn risk among
-- tiers S and A" above all) checks liveness and the caller's visibility on the projection's own rows and indexes,
-- instead of probing the customer table once for each of up to 10,001 matches.
--
-- Kept by triggers, so that every way a customer changes (update, soft delete, merge, erasure, import, a script) keeps
-- them: the customer table is the system of record, these columns are a copy. customer_live is null until the row
-- was filled (below, or on insert), which a search reads as not live.
-- GIN over scalar columns too (V33: a customer's team and owner with its tags); a trusted extension since PostgreSQL 13.
create extension if not exists btree_gin;

alter table projected_value
    add column customer_live boolean,
    add column owner_id varchar(64),
    add column team_id varchar(64);

-- A projection inserted (segmentation-service's scores arrive by event, possibly before the customer does) copies its
-- customer's state. FOR SHARE waits for a customer change in flight and reads it once committed: without it, a score
-- inserted while the customer's team changes could keep the team from before. An upsert of a row that is there already
-- (every later score) keeps the row's copy, which the customer's triggers below maintain: no lookup, no lock.
create function projected_value_copy_customer() returns trigger language plpgsql as $$
declare
    live boolean;
    owner varchar(64);
    team varchar(64);
begin
    if exists (select 1 from projected_value pv where pv.customer_id = new.customer_id) then
        return new;
    end if;
    select c.deleted_at is null, c.owner_id, c.team_id into live, owner, team
    from customer c where c.id = new.customer_id for share;
    new.customer_live := coalesce(live, false);
    new.owner_id := owner;
    new.team_id := team;
    return new;
end
$$;

create trigger projected_value_copy_customer before insert on projected_value
    for each row execute function projected_value_copy_customer();

-- A customer created, changed in liveness, owner or team, or removed: its projection (if any) follows.
create function customer_to_projected_value() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        update projected_value set customer_live = false, owner_id = null, team_id = null
        where customer_id = old.id;
    else
        update projected_value set customer_live = new.deleted_at is null, owner_id = new.owner_id,
            team_id = new.team_id
        where customer_id = new.id;
    end if;
    return null;
end
$$;

create trigger customer_to_projected_value_insert after insert on customer
    for each row execute function customer_to_projected_value();
create trigger customer_to_projected_value_update after update of deleted_at, owner_id, team_id on customer
    for each row
    when (old.deleted_at is distinct from new.deleted_at or old.owner_id is distinct from new.owner_id
          or old.team_id is distinct from new.team_id)
    execute function customer_to_projected_value();
create trigger customer_to_projected_value_delete after delete on customer
    for each row execute function customer_to_projected_value();

-- The overview is rendered from the scores, not from these copies: a change of them alone (above, or the fill below)
-- does not put the customer's overview behind. The columns are V10's.
drop trigger projected_value_behind on projected_value;
create trigger projected_value_behind after insert or delete or update of customer_id, tier, clv, tier_at,
    clv_percentile, p_alive, expected_purchases, rfm_recency, rfm_frequency, rfm_monetary, rfm_segment,
    key_account_quadrant, churn_risk, scores_at, lifecycle_stage, stage_at on projected_value
    for each row execute function projected_overview_behind();

-- The projections already there. One pass over projected_value (row locks only: projection writes wait for it,
-- reads and customer writes do not). "customer_live is null" skips a row a trigger above filled meanwhile: a
-- customer changed while this runs is not overwritten with what this statement read before the change.
update projected_value pv
set customer_live = c.deleted_at is null, owner_id = c.owner_id, team_id = c.team_id
from customer c
where c.id = pv.customer_id and pv.customer_live is null;
