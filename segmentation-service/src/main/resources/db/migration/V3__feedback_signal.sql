-- Feedback signals from crm.feedback.v1: complaints opened and NPS answers (detractor or not). No free text.
create table feedback_signal (
    signal_id      uuid primary key,              -- complaint id or response id
    customer_id    uuid        not null,
    kind           varchar(16) not null,          -- COMPLAINT, NPS
    occurred_at    timestamptz not null,
    detractor      boolean,                       -- NPS answers only
    interaction_id uuid                           -- a complaint's interaction (not counted twice)
);
create index feedback_signal_customer_idx on feedback_signal (customer_id, occurred_at);

-- the latest NPS answer in the recent window: detractor or not (null: none)
alter table customer_metrics add column detractor boolean;
