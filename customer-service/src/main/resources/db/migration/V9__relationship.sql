-- Typed, directed links between customers, and the types (built-in and defined by admins).
create table relationship_type (
    code        varchar(50)  primary key,
    name        varchar(100) not null,
    from_type   varchar(16),             -- PERSON / ORGANIZATION the link must start from, or any
    to_type     varchar(16),             -- ... and point to
    builtin     boolean      not null default false,
    created_at  timestamptz  not null default now()
);

insert into relationship_type (code, name, from_type, to_type, builtin) values
    ('WORKS_AT', 'works at', 'PERSON', 'ORGANIZATION', true),
    ('HOUSEHOLD_MEMBER', 'household member of', 'PERSON', 'PERSON', true),
    ('REFERRED_BY', 'referred by', null, null, true),
    ('REPORTS_TO', 'reports to', 'PERSON', 'PERSON', true);

create table relationship (
    id               uuid         primary key,
    from_customer    uuid         not null references customer (id),
    to_customer      uuid         not null references customer (id),
    type             varchar(50)  not null references relationship_type (code),
    role             varchar(100),
    primary_contact  boolean      not null default false,
    created_at       timestamptz  not null,
    unique (from_customer, to_customer, type),
    check (from_customer <> to_customer)
);

create index relationship_to_idx on relationship (to_customer, type);
