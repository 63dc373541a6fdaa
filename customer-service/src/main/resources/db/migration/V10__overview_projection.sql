-- customer-service's own projections of the other services' events, for the 360 overview and referral value.
-- No foreign keys to customer: an event may name a customer this service resolves later (or never); every row is
-- re-keyed on merge and purged on erasure by the service itself. Each group of columns carries the event time it
-- came from, so a late or replayed older event never overwrites a newer state.

-- crm.segmentation.v1: CustomerValueScored, TierChanged, LifecycleStageChanged
create table projected_value (
    customer_id          uuid primary key,
    -- tier group (CustomerValueScored, TierChanged)
    tier                 varchar(20),
    clv                  numeric(20, 4),
    tier_at              timestamptz,
    -- scores group (CustomerValueScored)
    clv_percentile       numeric(9, 4),
    p_alive              numeric(9, 6),
    expected_purchases   numeric(14, 4),
    rfm_recency          smallint,
    rfm_frequency        smallint,
    rfm_monetary         smallint,
    rfm_segment          varchar(50),
    key_account_quadrant varchar(50),
    churn_risk           varchar(20),
    scores_at            timestamptz,
    -- stage group (CustomerValueScored, LifecycleStageChanged)
    lifecycle_stage      varchar(20),
    stage_at             timestamptz
);

-- crm.segmentation.v1: SegmentMembershipChanged (for seeds of a segment); a LEFT keeps the row with member = false
-- so that a JOINED older than it cannot bring the customer back.
create table projected_segment_member (
    segment_id   uuid         not null,
    customer_id  uuid         not null,
    segment_name varchar(200),
    member       boolean      not null,
    changed_at   timestamptz  not null,
    primary key (segment_id, customer_id)
);

create index projected_segment_member_customer_idx on projected_segment_member (customer_id);

-- crm.interaction.v1: ContactStateChanged (state) and ChannelPreferenceChanged (preference)
create table projected_contact (
    customer_id       uuid primary key,
    last_contacts     jsonb,
    next_due          jsonb,
    policy_windows    jsonb,
    state_as_of       timestamptz,
    preferred_channel varchar(20),
    preference_as_of  timestamptz
);

-- crm.interaction.v1: InteractionRecorded; only the latest few per customer are kept (crm.overview.timeline-size)
create table projected_interaction (
    interaction_id   uuid primary key,
    customer_id      uuid         not null,
    channel          varchar(20),
    direction        varchar(20),
    type             varchar(50),
    purpose          varchar(50),
    outcome          varchar(50),
    occurred_at      timestamptz  not null,
    duration_seconds integer,
    agent_id         varchar(100),
    campaign_id      varchar(100),
    purchase_intent  boolean      not null default false
);

create index projected_interaction_customer_idx on projected_interaction (customer_id, occurred_at desc, interaction_id desc);

-- crm.feedback.v1: ResponseReceived, the latest answer per survey kind (NPS, CSAT, CES)
create table projected_feedback_score (
    customer_id  uuid        not null,
    kind         varchar(10) not null,
    score        integer,
    nps_category varchar(20),
    response_id  uuid,
    submitted_at timestamptz not null,
    primary key (customer_id, kind)
);

-- crm.feedback.v1: ComplaintOpened, ComplaintSlaBreached, ComplaintResolved (any order)
create table projected_complaint (
    complaint_id uuid primary key,
    customer_id  uuid         not null,
    category     varchar(50),
    severity     varchar(20),
    channel      varchar(20),
    opened_at    timestamptz,
    due_at       timestamptz,
    status       varchar(10)  not null,   -- OPEN / RESOLVED
    breached     boolean      not null default false,
    escalated_at timestamptz,
    resolved_at  timestamptz,
    within_sla   boolean,
    updated_at   timestamptz  not null
);

create index projected_complaint_customer_idx on projected_complaint (customer_id, status);
