-- A writer that renders, in the same transaction, the sections it changes (the overview's consumers: each renders only
-- the sections of its own topic) says so with the transaction-local setting crm.overview_rendering = 'on'; its
-- projection writes then put nobody in the backlog. So the backlog only ever holds customers that a writer which does
-- not render put there (an instance of a previous version), and a partial rendering never takes out a customer whose
-- other sections are behind: it renders such a customer whole instead (OverviewSections).
create or replace function projected_overview_behind() returns trigger language plpgsql as $$
begin
    if current_setting('crm.overview_rendering', true) = 'on' then
        return null;
    end if;
    if tg_op <> 'INSERT' then
        insert into projected_overview_backlog (customer_id) values (old.customer_id) on conflict do nothing;
    end if;
    if tg_op <> 'DELETE' then
        insert into projected_overview_backlog (customer_id) values (new.customer_id) on conflict do nothing;
    end if;
    return null;
end
$$;
