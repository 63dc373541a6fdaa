-- Invite automatically after chosen interactions (e.g. CSAT after a service contact).
create table invitation_rule (
    id               uuid primary key,
    survey_id        uuid         not null references survey (id),
    interaction_type varchar(32)  not null,
    channel          varchar(32),     -- only interactions over this channel; any when null
    direction        varchar(16),     -- only this direction; any when null
    invite_channel   varchar(32),     -- the channel to invite over; the interaction's own when null
    active           boolean      not null default true,
    created_at       timestamptz  not null
);
