-- A customer's identities in other systems (ERP, shop, call centre): the key integrators upsert by.
create table customer_external_ref (
    source       varchar(50)  not null,
    external_id  varchar(100) not null,
    customer_id  uuid         not null references customer (id),
    created_at   timestamptz  not null default now(),
    primary key (source, external_id)
);

create index customer_external_ref_customer_idx on customer_external_ref (customer_id);
