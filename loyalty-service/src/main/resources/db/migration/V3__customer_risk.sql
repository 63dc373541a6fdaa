-- Fraud holds from crm.customer.v1 (crm.customer.risk-confirmed / -cleared, issue #19): a customer confirmed as a
-- fraud earns no points (purchases are recorded with 0 points) and gets no coupons, nor redeems one, until cleared.
-- The newest decision wins (decided_at); a cleared customer keeps its row (held = false) so that a replayed older
-- confirmation cannot bring the hold back.
create table customer_risk (
    customer_id uuid        primary key,
    held        boolean     not null,
    review_id   uuid,
    decided_at  timestamptz not null
);
create index customer_risk_held_idx on customer_risk (customer_id) where held;
