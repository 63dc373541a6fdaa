-- Who opened and who resolved a complaint, from the token: USER (a person's sub) or CLIENT (a client id).
alter table complaint
    add column opened_by_kind text,
    add column opened_by text,
    add column resolved_by_kind text,
    add column resolved_by text;
