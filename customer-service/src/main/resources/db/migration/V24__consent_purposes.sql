-- Consent by purpose (GDPR Art. 6/7, PIPL Art. 13/14/23): one current decision per customer, purpose and channel
-- ('ALL' or one channel, the channel's own record overriding ALL for it), with its legal basis, where it came from,
-- the evidence and an optional expiry; every change appended to consent_history with its actor.
create table consent_purpose (
    customer_id  uuid         not null references customer (id),
    purpose      varchar(32)  not null,
    channel      varchar(16)  not null,
    status       varchar(16)  not null,
    legal_basis  varchar(32)  not null,
    source       varchar(100),
    evidence     varchar(2000),
    expires_at   timestamptz,
    changed_at   timestamptz  not null,
    recorded_at  timestamptz  not null,
    actor_kind   varchar(16),
    actor_id     varchar(200),
    primary key (customer_id, purpose, channel)
);

-- the expiry sweep reads only live grants that can lapse
create index consent_purpose_expiring_idx on consent_purpose (expires_at) where status = 'GRANTED' and expires_at is not null;

-- Kinds of message a customer can opt out of one by one (HubSpot's subscription types), each serving a purpose.
create table subscription_type (
    key          varchar(64)  primary key,
    name         varchar(200) not null,
    description  varchar(1000),
    purpose      varchar(32)  not null,
    channel      varchar(16)  not null,
    archived     boolean      not null default false,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    version      bigint       not null
);

create table customer_subscription (
    customer_id        uuid         not null references customer (id),
    subscription_type  varchar(64)  not null references subscription_type (key),
    status             varchar(16)  not null,
    source             varchar(100),
    changed_at         timestamptz  not null,
    recorded_at        timestamptz  not null,
    actor_kind         varchar(16),
    actor_id           varchar(200),
    primary key (customer_id, subscription_type)
);

-- Append-only: what changed, when it was decided (changed_at) and recorded, by whom. kind PURPOSE or SUBSCRIPTION;
-- subject is the purpose or the subscription type's key.
create table consent_history (
    id               uuid         primary key,
    customer_id      uuid         not null references customer (id),
    kind             varchar(16)  not null,
    subject          varchar(64)  not null,
    channel          varchar(16)  not null,
    status           varchar(16)  not null,
    previous_status  varchar(16),
    legal_basis      varchar(32),
    source           varchar(100),
    evidence         varchar(2000),
    expires_at       timestamptz,
    changed_at       timestamptz  not null,
    recorded_at      timestamptz  not null,
    actor_kind       varchar(16),
    actor_id         varchar(200)
);

create index consent_history_customer_idx on consent_history (customer_id, recorded_at desc, id desc);
