-- Coupons loyalty-service issued (crm.loyalty.v1 coupon-issued / coupon-redeemed): the offers a win-back report
-- links to returns. Keyed by the coupon, so a redelivered event changes nothing; follows merges and erasure as the
-- purchases do (an erased customer's coupons stay only under the same anonymous id as their purchases).
create table loyalty_coupon (
    coupon_id   uuid primary key,
    customer_id uuid        not null,
    campaign    text,
    issued_at   timestamptz,
    redeemed_at timestamptz
);

create index loyalty_coupon_customer_idx on loyalty_coupon (customer_id, issued_at);
