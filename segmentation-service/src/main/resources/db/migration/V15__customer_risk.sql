-- Fraud holds from crm.customer.v1 (crm.customer.risk-confirmed / -cleared, issue #19): a customer confirmed as a
-- fraud gets no offers until cleared. The newest decision wins (decided_at), so a replayed older one changes nothing;
-- a cleared customer keeps its row (held = false) so that an older confirmation cannot bring the hold back.
create table customer_risk (
    customer_id uuid        primary key,
    held        boolean     not null,
    review_id   uuid,
    decided_at  timestamptz not null
);
create index customer_risk_held_idx on customer_risk (customer_id) where held;
