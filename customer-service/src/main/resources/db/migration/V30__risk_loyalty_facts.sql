-- Loyalty facts the risk model reads, projected from crm.loyalty.v1 by the risk consumer: coupon redemptions by
-- campaign (a campaign redeemed by profiles sharing a phone, an e-mail, an address or a device is one person taking a
-- once-per-customer offer several times) and refunds that left a points debt (points spent before the purchase that
-- earned them was refunded). One row per loyalty event (its id): a redelivery adds nothing.
create table risk_loyalty_fact (
    event_id    uuid primary key,
    customer_id uuid        not null,
    kind        varchar(20) not null check (kind in ('COUPON_REDEEMED', 'POINTS_DEBT')),
    campaign    text,
    points      bigint      not null default 0,
    occurred_at timestamptz not null
);

-- the model's look-ups: a batch of customers' facts, and whether a linked profile redeemed the same campaign
create index risk_loyalty_fact_customer_idx on risk_loyalty_fact (customer_id, kind, campaign, occurred_at);
