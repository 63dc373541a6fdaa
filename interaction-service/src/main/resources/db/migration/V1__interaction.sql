-- Every contact between the company and a customer.
create table interaction (
    id                     uuid primary key,
    customer_id            uuid          not null,
    channel                varchar(32)   not null,
    direction              varchar(16)   not null,
    type                   varchar(32)   not null,
    purpose                varchar(16)   not null,
    occurred_at            timestamptz   not null,
    duration_seconds       integer,
    agent_id               varchar(64),
    subject                varchar(200),
    notes                  text,
    outcome                varchar(32),
    campaign_id            varchar(64),
    purchase_intent        boolean       not null default false,
    source                 varchar(64)   not null,
    external_id            varchar(128),
    -- an admin override of the contact policies, kept for audit
    override_justification varchar(1000),
    override_by            varchar(200),
    overridden_reasons     jsonb,
    recorded_at            timestamptz   not null,
    erased_at              timestamptz
);

create unique index interaction_external_idx on interaction (source, external_id) where external_id is not null;
create index interaction_timeline_idx on interaction (customer_id, occurred_at desc, id desc);
create index interaction_outbound_idx on interaction (customer_id, channel, occurred_at) where direction = 'OUTBOUND';
create index interaction_intent_idx on interaction (occurred_at desc, id desc) where purchase_intent;
