-- Contact policies: limits on outbound contacts, per channel (null = across channels) and purpose (null = any).
create table contact_policy (
    id               uuid primary key,
    name             varchar(100) not null unique,
    channel          varchar(32),
    purpose          varchar(16),
    max_contacts     integer,
    window_length    varchar(32),
    min_gap          varchar(32),
    quiet_start      time,
    quiet_end        time,
    consent_required boolean      not null default false,
    enabled          boolean      not null default true,
    version          bigint       not null,
    updated_at       timestamptz  not null
);

-- Sensible defaults; admins change them through /api/contact-policies.
insert into contact_policy (id, name, channel, purpose, max_contacts, window_length, min_gap, quiet_start, quiet_end,
                            consent_required, enabled, version, updated_at) values
 ('00000000-0000-4000-8000-000000000001', 'Phone calls: at most 2 per 30 days, consent required', 'PHONE', null, 2, 'P30D', 'PT24H', null, null, true, true, 1, now()),
 ('00000000-0000-4000-8000-000000000002', 'Marketing emails: at most 4 per 30 days', 'EMAIL', 'MARKETING', 4, 'P30D', null, null, null, false, true, 1, now()),
 ('00000000-0000-4000-8000-000000000003', 'Email: consent required', 'EMAIL', null, null, null, null, null, null, true, true, 1, now()),
 ('00000000-0000-4000-8000-000000000004', 'SMS: at most 4 per 30 days, consent required', 'SMS', null, 4, 'P30D', 'PT24H', null, null, true, true, 1, now()),
 ('00000000-0000-4000-8000-000000000005', 'WeChat: consent required', 'WECHAT', null, null, null, null, null, null, true, true, 1, now()),
 ('00000000-0000-4000-8000-000000000006', 'All channels: at most 10 outbound per 7 days, no contact 21:00-08:00 local time', null, null, 10, 'P7D', null, '21:00', '08:00', false, true, 1, now());
