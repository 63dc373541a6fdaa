-- The purchase ledger: one row per ERP purchase or refund, idempotent by (source, erp_id).
create table purchase (
    id           uuid           primary key,
    customer_id  uuid           not null references customer (id),
    source       varchar(50)    not null,
    erp_id       varchar(100)   not null,
    type         varchar(16)    not null,
    occurred_at  timestamptz    not null,
    amount       numeric(19, 4) not null,
    currency     char(3)        not null,
    quantity     integer,
    channel      varchar(50),
    lines        jsonb          not null default '[]',
    created_at   timestamptz    not null,
    unique (source, erp_id)
);

create index purchase_customer_idx on purchase (customer_id, occurred_at desc, id desc);
