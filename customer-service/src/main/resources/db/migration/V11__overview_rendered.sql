-- The overview's projected sections rendered as JSON once per change, in the transaction that applies the event (or
-- the merge), so that a read splices text instead of building jsonb, parsing it and serialising it again per request.
-- Only what does not depend on the time of the read is rendered: an open complaint's SLA status is computed per read.
-- A null section has not been reported (it reads "unknown").
create table projected_overview (
    customer_id   uuid primary key,
    value_json    text,
    -- the contact section up to its consents, which are customer-service's own and read with the profile
    contact_json  text,
    -- the voice section up to its open complaints
    voice_json    text,
    -- its open complaints in the order shown, each rendered up to its SLA status, and what that status depends on
    -- besides the time of the read (kept here, not in projected_complaint: a rendering writes this row only)
    complaint_json     text[],
    complaint_breached boolean[],
    complaint_due_at   timestamptz[],
    timeline_json text
);

-- Customers whose rendering may be behind their projections, read from the projections per request until rendered
-- again. Filled here with those projected before this migration, and by a trigger on every later write to a projection
-- (a rendering in the same transaction takes the customer out again): so a writer that does not render, such as an
-- instance of the previous version during a rolling update, never leaves a stale overview behind. Drained at startup.
create table projected_overview_backlog (
    customer_id uuid primary key
);

insert into projected_overview_backlog (customer_id)
select customer_id from projected_value
union select customer_id from projected_contact
union select customer_id from projected_interaction
union select customer_id from projected_feedback_score
union select customer_id from projected_complaint;

create function projected_overview_behind() returns trigger language plpgsql as $$
begin
    if tg_op <> 'INSERT' then
        insert into projected_overview_backlog (customer_id) values (old.customer_id) on conflict do nothing;
    end if;
    if tg_op <> 'DELETE' then
        insert into projected_overview_backlog (customer_id) values (new.customer_id) on conflict do nothing;
    end if;
    return null;
end
$$;

create trigger projected_value_behind after insert or update or delete on projected_value
    for each row execute function projected_overview_behind();
create trigger projected_contact_behind after insert or update or delete on projected_contact
    for each row execute function projected_overview_behind();
create trigger projected_interaction_behind after insert or update or delete on projected_interaction
    for each row execute function projected_overview_behind();
create trigger projected_feedback_score_behind after insert or update or delete on projected_feedback_score
    for each row execute function projected_overview_behind();
create trigger projected_complaint_behind after insert or update or delete on projected_complaint
    for each row execute function projected_overview_behind();
