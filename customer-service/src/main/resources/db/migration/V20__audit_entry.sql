-- The audit log of sensitive actions, fed by crm.audit.v1 (every service records its own actions there).
-- Append-only: the trigger refuses UPDATE and DELETE (and TRUNCATE), so no code path, and no mistaken script, can
-- rewrite history; the service's API only ever reads it.
create table audit_entry (
    id            uuid primary key,            -- the CloudEvent id of crm.audit.recorded
    occurred_at   timestamptz not null,
    recorded_at   timestamptz not null default now(),
    source        text not null,               -- the service that recorded it
    actor_id      text not null,
    actor_kind    text not null,               -- USER, CLIENT or SYSTEM
    actor_role    text,
    action        text not null,
    subject_type  text not null,
    subject_id    text,
    customer_id   uuid,
    request_id    text,
    details       jsonb not null default '{}'::jsonb
);

create index audit_entry_time on audit_entry (occurred_at desc, id desc);
create index audit_entry_actor on audit_entry (actor_id, occurred_at desc, id desc);
create index audit_entry_action on audit_entry (action, occurred_at desc, id desc);
create index audit_entry_subject on audit_entry (subject_type, subject_id, occurred_at desc, id desc);
create index audit_entry_customer on audit_entry (customer_id, occurred_at desc, id desc) where customer_id is not null;

create function audit_entry_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_entry is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_entry_no_update_or_delete
    before update or delete on audit_entry
    for each row execute function audit_entry_append_only();

create trigger audit_entry_no_truncate
    before truncate on audit_entry
    for each statement execute function audit_entry_append_only();
