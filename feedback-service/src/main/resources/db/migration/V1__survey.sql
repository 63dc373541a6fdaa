-- A survey; its questions live in versions. Editing an active survey adds a version; answers keep theirs.
create table survey (
    id              uuid primary key,
    name            varchar(200) not null,
    kind            varchar(16)  not null,             -- NPS, CSAT, CES, CUSTOM
    status          varchar(16)  not null,             -- DRAFT, ACTIVE, CLOSED
    current_version integer      not null,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);

create table survey_version (
    survey_id  uuid        not null references survey (id),
    version    integer     not null,
    questions  jsonb       not null,
    created_at timestamptz not null,
    primary key (survey_id, version)
);

-- An invitation to answer one survey version; the token (only its SHA-256 is kept) is the answer credential.
create table invitation (
    id              uuid primary key,
    survey_id       uuid         not null references survey (id),
    survey_version  integer      not null,
    customer_id     uuid         not null,
    channel         varchar(32)  not null,
    token_hash      varchar(64)  not null unique,
    -- the plain token, kept only until the invitation is handed to delivery
    pending_token   varchar(64),
    status          varchar(16)  not null,             -- PENDING, DEFERRED, SENT, SUPPRESSED, ANSWERED
    status_reason   varchar(500),
    rule_id         uuid,
    interaction_id  uuid,
    created_at      timestamptz  not null,
    expires_at      timestamptz  not null,
    next_attempt_at timestamptz,
    attempts        integer      not null default 0,
    sent_at         timestamptz,
    answered_at     timestamptz
);

create index invitation_due_idx on invitation (next_attempt_at) where status in ('PENDING', 'DEFERRED');
create unique index invitation_rule_interaction_idx on invitation (rule_id, interaction_id)
    where rule_id is not null and interaction_id is not null;

create table survey_response (
    id             uuid primary key,
    survey_id      uuid         not null references survey (id),
    survey_version integer      not null,
    invitation_id  uuid         unique references invitation (id),
    customer_id    uuid         not null,
    channel        varchar(32),
    answers        jsonb        not null,
    score          integer,
    nps_category   varchar(16),
    recorded_by    varchar(200),
    submitted_at   timestamptz  not null
);

create index survey_response_survey_idx on survey_response (survey_id, submitted_at);
create index survey_response_customer_idx on survey_response (customer_id, submitted_at);
