-- Dynamic segments: a JSON condition tree over what this service knows of a customer (segment_subject).
create table segment (
    id          uuid primary key,
    name        varchar(200) not null unique,
    description varchar(2000),
    condition   jsonb        not null,
    created_at  timestamptz  not null,
    refreshed_at timestamptz
);

create table segment_member (
    segment_id  uuid        not null references segment (id) on delete cascade,
    customer_id uuid        not null,
    joined_at   timestamptz not null,
    primary key (segment_id, customer_id)
);
create index segment_member_page_idx on segment_member (segment_id, joined_at, customer_id);

-- Every active customer with their profile fields, metrics and scores: what a condition may test.
create view segment_subject as
select c.customer_id,
       p.type, p.region, p.industry, p.owner_id, coalesce(p.tags, '{}') as tags,
       coalesce(m.purchase_days, 0) as purchase_days, coalesce(m.repeat_purchase_days, 0) as repeat_purchase_days,
       coalesce(m.total_spend, 0) as total_spend, m.mean_spend, m.first_purchase_at, m.last_purchase_at,
       case when m.first_purchase_at is null then 0 else current_date - m.first_purchase_at end as tenure_days,
       coalesce(m.recent_interactions, 0) as recent_interactions,
       coalesce(m.recent_purchase_intents, 0) as recent_purchase_intents,
       coalesce(m.recent_complaints, 0) as recent_complaints,
       v.recency_score, v.frequency_score, v.monetary_score, v.rfm_segment, v.p_alive, v.expected_purchases,
       v.clv, v.clv_percentile, v.tier, v.quadrant, v.churn_risk, coalesce(v.stage, 'PROSPECT') as stage
from (select customer_id from customer_profile where status = 'ACTIVE'
      union select customer_id from customer_metrics
      union select customer_id from customer_value) c
left join customer_profile p on p.customer_id = c.customer_id
left join customer_metrics m on m.customer_id = c.customer_id
left join customer_value v on v.customer_id = c.customer_id
where coalesce(p.status, 'ACTIVE') = 'ACTIVE';
