-- A loyalty program: how members join and earn. The local default program enrols every customer on their first
-- purchase and gives 1 point per whole currency unit (rounded down).
create table loyalty_program (
    id               uuid primary key,
    code             text not null unique,
    name             text not null,
    auto_enrol       boolean not null,
    points_per_unit  numeric(12, 4) not null,
    created_at       timestamptz not null default now()
);

insert into loyalty_program (id, code, name, auto_enrol, points_per_unit)
values ('00000000-0000-0000-0000-00000000a001', 'default', 'Default program', true, 1);
