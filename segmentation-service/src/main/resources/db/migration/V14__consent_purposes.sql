-- Customers' decisions on processing purposes, from crm.customer.consent-purpose-changed (newest changed_at wins per
-- customer, purpose and channel). Segmentation acts on PROFILING (channel ALL): anything but GRANTED takes the
-- customer out of dynamic segments, searches over scores and offers; no record means the legal basis of the
-- processing (contract, legitimate interests) stands until the customer objects.
create table customer_purpose (
    customer_id  uuid         not null,
    purpose      varchar(32)  not null,
    channel      varchar(16)  not null,
    status       varchar(16)  not null,
    changed_at   timestamptz  not null,
    primary key (customer_id, purpose, channel)
);

create or replace view segment_subject as
select c.customer_id,
       p.type, p.region, p.industry, p.owner_id, coalesce(p.tags, '{}') as tags,
       coalesce(m.purchase_days, 0) as purchase_days, coalesce(m.repeat_purchase_days, 0) as repeat_purchase_days,
       coalesce(m.total_spend, 0) as total_spend, m.mean_spend, m.first_purchase_at, m.last_purchase_at,
       case when m.first_purchase_at is null then 0 else current_date - m.first_purchase_at end as tenure_days,
       coalesce(m.recent_interactions, 0) as recent_interactions,
       coalesce(m.recent_purchase_intents, 0) as recent_purchase_intents,
       coalesce(m.recent_complaints, 0) as recent_complaints,
       v.recency_score, v.frequency_score, v.monetary_score, v.rfm_segment, v.p_alive, v.expected_purchases,
       v.clv, v.clv_percentile, v.tier, v.quadrant, v.churn_risk, coalesce(v.stage, 'PROSPECT') as stage,
       l.level_code as loyalty_level, coalesce(l.balance, 0) as points_balance,
       coalesce(p.properties, '{}') as properties,
       not exists (select 1 from customer_purpose cp
                   where cp.customer_id = c.customer_id and cp.purpose = 'PROFILING' and cp.channel = 'ALL'
                     and cp.status <> 'GRANTED') as profiling_allowed
from (select customer_id from customer_profile where status = 'ACTIVE'
      union select customer_id from customer_metrics
      union select customer_id from customer_value) c
left join customer_profile p on p.customer_id = c.customer_id
left join customer_metrics m on m.customer_id = c.customer_id
left join customer_value v on v.customer_id = c.customer_id
left join loyalty_member l on l.customer_id = c.customer_id
where coalesce(p.status, 'ACTIVE') = 'ACTIVE';
