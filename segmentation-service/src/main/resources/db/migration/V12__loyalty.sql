-- Loyalty from crm.loyalty.v1: each member's balance and level (segment conditions test them), and every points
-- movement by the day loyalty-service recorded it (KPI watch: points liability and redemption rate).
create table loyalty_member (
    customer_id  uuid primary key,
    balance      bigint,
    balance_at   timestamptz,
    level_code   varchar(64),
    level_at     timestamptz
);

create table loyalty_movement (
    entry_id     uuid primary key,
    customer_id  uuid not null,
    day          date not null,
    kind         varchar(16) not null check (kind in ('EARNED', 'REDEEMED', 'EXPIRED', 'REVERSED')),
    -- signed: what the movement did to the points outstanding
    points       bigint not null
);

create index loyalty_movement_day_idx on loyalty_movement (day, kind);
create index loyalty_movement_customer_idx on loyalty_movement (customer_id);

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
       l.level_code as loyalty_level, coalesce(l.balance, 0) as points_balance
from (select customer_id from customer_profile where status = 'ACTIVE'
      union select customer_id from customer_metrics
      union select customer_id from customer_value) c
left join customer_profile p on p.customer_id = c.customer_id
left join customer_metrics m on m.customer_id = c.customer_id
left join customer_value v on v.customer_id = c.customer_id
left join loyalty_member l on l.customer_id = c.customer_id
where coalesce(p.status, 'ACTIVE') = 'ACTIVE';
